/**
 * Whether "Join from this tab" can work on a page, judged from its URL
 * before asking the background to inject anything. Chrome never lets an
 * extension script into its own pages, other extensions' pages or the Web
 * Store, whatever the permissions
 * (https://developer.chrome.com/docs/extensions/develop/concepts/content-scripts#capabilities).
 */

/** Why a tab cannot be joined. */
export type JoinBlocked =
  "browser-page" | "web-store" | "not-web" | "no-access" | "unsupported"

/** What the line under "Join from this tab" says. */
export type JoinNote = JoinBlocked | "connect-first" | "joining" | "joined"

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

/** Pages of the Chrome Web Store, old and new. */
function isWebStore(url: URL): boolean {
  if (url.hostname === "chromewebstore.google.com") return true
  return (
    url.hostname === "chrome.google.com" &&
    (url.pathname === "/webstore" || url.pathname.startsWith("/webstore/"))
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
