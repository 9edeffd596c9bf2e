/**
 * Whether "Join from this tab" can work on a page, judged from its URL
 * before asking the background to inject anything. Chrome lets no extension
 * script into its own pages, other extensions' pages or the Web Store (Edge,
 * into Edge Add-ons), whatever the permissions. This only spares the user a
 * click that cannot work: an injection the browser refuses anyway comes
 * back from the background as `join-failed`.
 */

/** Why a tab cannot be joined. */
export type JoinBlocked =
  "browser-page" | "web-store" | "not-web" | "no-access" | "unsupported"

const BROWSER_SCHEMES = [
  "chrome:",
  "chrome-extension:",
  "chrome-untrusted:",
  "devtools:",
  "edge:",
  "extension:",
  "about:",
  "view-source:",
  "moz-extension:"
]
const WEB_SCHEMES = ["http:", "https:", "file:"]

/** Whether `url` is `host` with a path under `prefix` (or `prefix` itself). */
const under = (url: URL, host: string, prefix: string) =>
  url.hostname === host &&
  (url.pathname === prefix || url.pathname.startsWith(`${prefix}/`))

/** Pages of the Chrome Web Store (old and new) and of Edge Add-ons. */
function isWebStore(url: URL): boolean {
  return (
    url.hostname === "chromewebstore.google.com" ||
    under(url, "chrome.google.com", "/webstore") ||
    under(url, "microsoftedge.microsoft.com", "/addons")
  )
}

/**
 * Null when the widget may be injected into a page at `url`, else why not.
 * `url` is undefined when the extension has no access to the tab (the
 * popup was not opened by the user's click on this tab, so no `activeTab`
 * grant).
 */
export function joinBlocked(url: string | undefined): JoinBlocked | null {
  if (url === undefined || url === "") return "no-access"
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return "not-web"
  }
  if (BROWSER_SCHEMES.includes(parsed.protocol)) return "browser-page"
  if (!WEB_SCHEMES.includes(parsed.protocol)) return "not-web"
  if (isWebStore(parsed)) return "web-store"
  return null
}

/**
 * Why Chrome refused a script into a tab, from `scripting.executeScript`'s
 * error. Since Chrome 156 `tabs.query` gives no URL for the browser's own
 * pages even under the activeTab grant, so a refused no-op script is all that
 * tells them from a web page without the grant. The messages are Chromium's
 * `manifest_errors::kCannotAccessChromeUrl`, `kCannotAccessExtensionUrl` and
 * `kCannotScriptGallery`; anything else reads as no access.
 */
export function refusalReason(message: string): JoinBlocked {
  if (/^Cannot access a [a-z-]+:\/\/ URL/.test(message)) return "browser-page"
  if (message.startsWith("The extensions gallery cannot be scripted")) {
    return "web-store"
  }
  return "no-access"
}
