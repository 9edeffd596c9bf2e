/**
 * The one place the client reads `chrome.*`. It is read through
 * `globalThis` so that the entries load anywhere (a test, a page that is
 * not an extension) and need no `@types/chrome`.
 */

interface Runtime {
  id?: string
  lastError?: { message?: string }
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
