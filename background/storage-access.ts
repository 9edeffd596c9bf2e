/** The storage areas the extension keeps its state in. */
type Areas = Pick<typeof chrome.storage, "session" | "sync">

/**
 * Closes the storage areas the extension uses to content scripts. A content
 * script runs inside web pages (the widget in a tab), and `storage.sync`
 * (the settings) is open to them unless told otherwise; `storage.session`
 * (the log, the tab records the tab gate trusts) is closed by default, and
 * said so again here rather than left to a default. Older browsers and
 * Firefox only know the call for `session`, or not at all: there the area
 * stays as it was, and the refusal is logged.
 * https://developer.chrome.com/docs/extensions/reference/api/storage#method-StorageArea-setAccessLevel
 */
export function trustedOnly(
  areas: Areas,
  warn: (text: string) => void = console.warn
): void {
  for (const name of ["session", "sync"] as const) {
    const area = areas[name]
    if (typeof area?.setAccessLevel !== "function") continue
    area
      .setAccessLevel({ accessLevel: "TRUSTED_CONTEXTS" })
      .catch((error: unknown) =>
        warn(`Could not close storage.${name} to content scripts: ${error}`)
      )
  }
}
