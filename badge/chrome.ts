import type { BadgeSource, ViewBadgeDeps } from "./share"
import { shareBadge } from "./share"

/**
 * The badge's deps on the real browser, or null where they are missing.
 * Extension pages and the worker have `chrome.action`; a content script has
 * not (and `chrome.storage.session` is closed to it by default), so the
 * widget in a tab takes no part in the badge: it shows its own state on the
 * page, and relaying it through the worker would fail exactly when the
 * badge matters, while the worker is down.
 * https://developer.chrome.com/docs/extensions/reference/api/action
 */
export function chromeBadgeDeps(
  onError: (error: unknown) => void
): ViewBadgeDeps | null {
  const action = globalThis.chrome?.action
  const area = globalThis.chrome?.storage?.session
  const locks = globalThis.navigator?.locks
  if (!action || !area || !locks) return null
  return {
    area,
    locks,
    action,
    onError,
    onStorageChange(listener) {
      // The session area's own event: `chrome.storage.onChanged` would also
      // bring every sync and local change, for nothing.
      const heard = (changes: Record<string, chrome.storage.StorageChange>) =>
        listener(Object.keys(changes))
      area.onChanged.addListener(heard)
      return () => area.onChanged.removeListener(heard)
    }
  }
}

/** Shares this view's state in the toolbar badge; returns the stop (a no-op outside extension pages). */
export function shareViewBadge(source: BadgeSource): () => void {
  const deps = chromeBadgeDeps((error) =>
    console.warn("Could not update the toolbar badge", error)
  )
  return deps ? shareBadge(deps, source) : () => {}
}
