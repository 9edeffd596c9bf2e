/** What the gate needs to know about a port's sender. */
export interface SenderInfo {
  id?: string
  origin?: string
  url?: string
}

/**
 * True when a port comes from one of this extension's own pages: the sender
 * is this extension, and the page's origin is this extension's origin.
 * Content scripts (which `chrome.runtime.connect` can also reach us from)
 * carry the origin of the web page they run in, so they fail the origin check;
 * other extensions and web pages fail the id check. An extension page opened
 * in a tab (how the tests open `popup.html`) has `sender.tab` and is still ours.
 */
export function isOwnExtensionPage(
  sender: SenderInfo | undefined,
  extensionId: string
): boolean {
  if (!sender || sender.id !== extensionId) return false
  const origin = `chrome-extension://${extensionId}`
  if (sender.origin !== undefined && sender.origin !== origin) return false
  return typeof sender.url === "string" && sender.url.startsWith(`${origin}/`)
}
