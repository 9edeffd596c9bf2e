/** What the gate needs to know about a port's sender. */
export interface SenderInfo {
  id?: string
  origin?: string
  url?: string
  /** The tab a content script (or an extension page opened as a tab) runs in. */
  tab?: { id?: number }
  /** 0 for a tab's top frame. */
  frameId?: number
  /** The sending document, which a navigation or reload replaces. */
  documentId?: string
}

/**
 * This extension's origin, without a trailing slash. Chrome serves extension
 * pages from `chrome-extension://<id>`; Firefox serves them from
 * `moz-extension://<per-profile uuid>`, which is not derivable from the id
 * (there `chrome.runtime.id` is the gecko id), so the origin is read from
 * `chrome.runtime.getURL("")` whenever the browser's own extension is the one
 * being asked about. Anywhere else (unit tests, or a different id), it falls
 * back to Chrome's scheme.
 */
export function ownExtensionOrigin(extensionId: string): string {
  const runtime = (
    globalThis as {
      chrome?: { runtime?: { id?: string; getURL?: (path: string) => string } }
    }
  ).chrome?.runtime
  if (runtime?.id === extensionId && typeof runtime.getURL === "function") {
    const base = runtime.getURL("")
    // `chrome-extension://<id>/` or `moz-extension://<uuid>/`: scheme, host, slash.
    const match = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]+)\/$/i.exec(base)
    if (match) return match[1]
  }
  return `chrome-extension://${extensionId}`
}

/**
 * True when a port comes from one of this extension's own pages: the sender
 * is this extension, and the page's origin is this extension's origin.
 * Content scripts (which `chrome.runtime.connect` can also reach us from)
 * carry the origin of the web page they run in, so they fail the origin check;
 * other extensions and web pages fail the id check. An extension page opened
 * in a tab (how the tests open `popup.html`) has `sender.tab` and is still ours.
 * `extensionOrigin` defaults to {@link ownExtensionOrigin} (Chrome:
 * `chrome-extension://<id>`; Firefox: `moz-extension://<uuid>`).
 */
export function isOwnExtensionPage(
  sender: SenderInfo | undefined,
  extensionId: string,
  extensionOrigin: string = ownExtensionOrigin(extensionId)
): boolean {
  if (!sender || sender.id !== extensionId) return false
  if (sender.origin !== undefined && sender.origin !== extensionOrigin) {
    return false
  }
  return (
    typeof sender.url === "string" &&
    sender.url.startsWith(`${extensionOrigin}/`)
  )
}
