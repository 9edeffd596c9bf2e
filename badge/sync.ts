import { BADGE_PREFIX, badgeKey, storedBadgeShares } from "~storage/layout"

import { badgeFace } from "./state"

/**
 * Keeps the toolbar badge equal to what the live views' shares add up to.
 * Every view runs one (share.ts) and so does the worker
 * (background/badge.ts): when the worker is stopped only the views can act,
 * and when every view is gone only the worker can.
 *
 * A share counts only while its view lives, and a closing popup cannot be
 * relied on to remove its own. So each view holds a Web Lock named as its
 * share's key for as long as its document lives; the browser releases it
 * when the document goes, whatever the page managed to run. A refresh drops
 * every share whose lock nobody holds, and asks for the lock of every share
 * it keeps: the request is granted the moment that view is gone, and then
 * removes its share. A stale `!` therefore lasts until the next view opens
 * or the worker next starts at the latest, and not even that while any
 * other view or the worker is running.
 * https://developer.mozilla.org/docs/Web/API/Web_Locks_API (one lock manager
 * per origin: the extension's pages and its worker share it, a content
 * script, in the page's origin, does not).
 */

/**
 * The browser's badge parts, or null where they are missing. Extension
 * pages and the worker have them all; a content script has no
 * `chrome.action` (and `chrome.storage.session` is closed to it by default),
 * so the widget in a tab takes no part in the badge: it shows its own state
 * on the page, and relaying it through the worker would fail exactly when
 * the badge matters, while the worker is down.
 * https://developer.chrome.com/docs/extensions/reference/api/action
 */
export function browserBadgeParts() {
  const action = globalThis.chrome?.action
  const area = globalThis.chrome?.storage?.session
  const locks = globalThis.navigator?.locks
  return action && area && locks ? { area, locks, action } : null
}

/** What the badge runs on: `chrome.storage.session`, `navigator.locks` and `chrome.action` (no permission needed). */
export type BadgeParts = NonNullable<ReturnType<typeof browserBadgeParts>>

/**
 * Joins the badge: sets it now and whenever a share changes, and drops the
 * shares of views that are gone. `onError` hears what went wrong (nothing
 * is thrown into the void). Returns `refresh` and the `stop`, which stops
 * listening and watching views' locks (a view's watch of its own lock
 * waits until it stops, and is then let go).
 */
export function syncBadge(
  { area, locks, action }: BadgeParts,
  onError: (error: unknown) => void
) {
  const watched = new Set<string>()
  const ending = new AbortController()
  let tail: Promise<void> = Promise.resolve()
  let queued: Promise<void> | null = null

  /** Removes view `clientId`'s share once its lock is free: the view is gone. */
  function watch(clientId: string): void {
    if (watched.has(clientId)) return
    watched.add(clientId)
    const { signal } = ending
    locks
      .request(badgeKey(clientId), { signal }, () =>
        area.remove([badgeKey(clientId)])
      )
      .catch((error: unknown) => {
        if (!signal.aborted) onError(error)
      })
      .finally(() => watched.delete(clientId))
  }

  async function run(): Promise<void> {
    // getKeys is Chrome 130+; without it every key is read.
    const keys = area.getKeys
      ? (await area.getKeys()).filter((key) => key.startsWith(BADGE_PREFIX))
      : null
    const stored = keys?.length === 0 ? {} : await area.get(keys)
    const { shares, bad } = storedBadgeShares(stored)
    const { held = [] } = await locks.query()
    const alive = new Set(held.map((lock) => lock.name))
    const dead = [...shares.keys()].filter((id) => !alive.has(badgeKey(id)))
    for (const id of dead) shares.delete(id)
    if (bad.length > 0) {
      onError(new Error(`Malformed badge shares removed: ${bad.join()}`))
    }
    if (dead.length + bad.length > 0) {
      await area.remove([...dead.map(badgeKey), ...bad])
    }
    for (const id of shares.keys()) watch(id)
    const face = badgeFace(shares.values())
    // Colours and tooltip first, so the text never shows in the old
    // colours or beside the old tooltip.
    await Promise.all([
      action.setBadgeBackgroundColor({ color: face.background }),
      // Chrome 110+ and Firefox; where absent the browser picks the text colour.
      action.setBadgeTextColor?.({ color: face.foreground }),
      action.setTitle({ title: face.title })
    ])
    await action.setBadgeText({ text: face.text })
  }

  /**
   * Refreshes after the refresh under way, if any. Calls made while one
   * waits share it: it reads storage after all of them.
   */
  function refresh(): Promise<void> {
    queued ??= tail
      .then(() => {
        queued = null
        return run()
      })
      .catch(onError)
    tail = queued
    return queued
  }

  // Every participant hears every change, its own writes included. The
  // session area's own event: `chrome.storage.onChanged` would also bring
  // every sync and local change, for nothing.
  const heard = (changes: object) => {
    if (Object.keys(changes).some((key) => key.startsWith(BADGE_PREFIX))) {
      void refresh()
    }
  }
  area.onChanged.addListener(heard)
  void refresh()
  return {
    refresh,
    stop(): void {
      area.onChanged.removeListener(heard)
      ending.abort()
    }
  }
}
