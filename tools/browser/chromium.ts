import { existsSync } from "node:fs"
import { resolve } from "node:path"

/**
 * `explicit`, else CHROME_PATH, else Debian's Chromium. Branded Chrome 137+
 * ignores --load-extension, so it cannot stand in here.
 */
export function chromiumPath(explicit?: string): string {
  const path = explicit || process.env.CHROME_PATH || "/usr/bin/chromium"
  if (!existsSync(path)) {
    throw new Error(
      `Chromium not found at ${path}. Install it (apt-get install -y chromium) or set CHROME_PATH.`
    )
  }
  return path
}

/** The UI language the tests and tools run Chromium in, unless one asks for another. */
export const DEFAULT_LANG = "en-US"

/**
 * Flags for a quiet, headless, offline-friendly Chromium with these
 * unpacked extensions loaded, in the UI language `lang`, which is also the
 * one `chrome.i18n.getMessage` answers in, so what a test reads does not
 * depend on the machine's locale. --lang wins over LANGUAGE/LANG on Linux
 * (headless included), but only for a locale Chromium ships: "de" works,
 * "de-DE" falls back to English.
 */
export function chromiumArgs(
  extensionDirs: readonly string[],
  lang: string = DEFAULT_LANG
): string[] {
  const dirs = extensionDirs.join(",")
  return [
    `--lang=${lang}`,
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    `--disable-extensions-except=${dirs}`,
    `--load-extension=${dirs}`
  ]
}

/** Throws, saying how to make one, unless `dir` holds a built extension. */
export function assertBuilt(dir: string): void {
  if (!existsSync(resolve(dir, "manifest.json"))) {
    throw new Error(`No build at ${dir}: run \`npm run build\` first.`)
  }
}
