/**
 * The one place the client reads `chrome.*`. It is read through
 * `globalThis` so that the entries load anywhere (a test, a page that is
 * not an extension) and need no `@types/chrome`.
 */

interface Runtime {
  id?: string
  lastError?: { message?: string }
  getURL?(path: string): string
}

function runtime(): Runtime | undefined {
  return (globalThis as { chrome?: { runtime?: Runtime } }).chrome?.runtime
}

/**
 * False once the extension was reloaded or updated under this page: Chrome
 * then removes `chrome.runtime.id`, and no port can ever connect again.
 * Outside an extension there is nothing to lose: true.
 */
export function contextValid(): boolean {
  const current = runtime()
  return current === undefined || Boolean(current.id)
}

/**
 * Chrome's reason for the last port error. Read inside onDisconnect, or
 * Chrome reports it as unchecked.
 * https://developer.chrome.com/docs/extensions/reference/api/runtime#property-lastError
 */
export function lastError(): string | undefined {
  return runtime()?.lastError?.message
}

/** Who opened a port, as Chrome tells the worker (`chrome.runtime.MessageSender`). */
export interface PortSender {
  id?: string
  url?: string
}

/**
 * True for a port opened by one of this extension's own pages (a popup,
 * a side panel, an options or DevTools page); false for one from a content
 * script, whose `url` is the web page's. Outside an extension: true.
 * https://developer.chrome.com/docs/extensions/develop/concepts/messaging#security-considerations
 */
export function fromOwnPage(port: { sender?: PortSender }): boolean {
  const current = runtime()
  if (!current?.getURL) return true
  const { sender } = port
  return (
    sender?.id === current.id &&
    sender?.url?.startsWith(current.getURL("")) === true
  )
}
