import {
  BADGE_PREFIX,
  badgeKey,
  storedBadgeShares,
  type SessionArea
} from "~storage/layout"
import { badgeTitle } from "~text/badge-wording"

import { badgeFace, badgeOf, type BadgeLook } from "./state"

/**
 * Keeps the toolbar badge equal to what the live views' shares add up to.
 * Every view runs one (badge-share.ts) and so does the worker
 * (background/badge.ts): when the worker is stopped only the views can act,
 * and when every view is gone only the worker can.
 *
 * A share counts only while its view lives, and a closing popup cannot be
 * relied on to remove its own. So each view holds a Web Lock named after its
 * share for as long as its document lives; the browser releases it when the
 * document goes, whatever the page managed to run. A refresh drops every
 * share whose lock nobody holds, and asks for the lock of every share it
 * keeps: the request is granted the moment that view is gone, and then
 * removes its share. A stale `!` therefore lasts until the next view opens
 * or the worker next starts at the latest, and not even that while any
 * other view or the worker is running.
 * https://developer.mozilla.org/docs/Web/API/Web_Locks_API (one lock manager
 * per origin: the extension's pages and its worker share it, a content
 * script, in the page's origin, does not).
 */

/** The lock view `clientId` holds while it lives. */
export function badgeLock(clientId: string): string {
  return `${BADGE_PREFIX}${clientId}`
}

/** The slice of `chrome.storage.session` the badge uses. */
export interface BadgeArea extends SessionArea {
  /** Chrome 130+; without it every key is read. */
  getKeys?(): Promise<string[]>
}

/** The slice of `navigator.locks` the badge uses. */
export interface BadgeLocks {
  query(): Promise<{ held?: Array<{ name?: string }> }>
  request(
    name: string,
    options: { signal?: AbortSignal },
    callback: () => unknown
  ): Promise<unknown>
}

/** The slice of `chrome.action` the badge uses (no permission needed). */
export interface BadgeAction {
  setBadgeText(details: { text: string }): Promise<void>
  setBadgeBackgroundColor(details: { color: string }): Promise<void>
  /** Chrome 110+ and Firefox; where absent the browser picks the text colour. */
  setBadgeTextColor?(details: { color: string }): Promise<void>
  setTitle(details: { title: string }): Promise<void>
}

/** What a badge sync is built on. */
export interface BadgeDeps {
  area: BadgeArea
  locks: BadgeLocks
  action: BadgeAction
  /** Hears what went wrong (a storage or badge call that threw): nothing is thrown into the void. */
  onError(error: unknown): void
}

/**
 * Shows `look` on the toolbar button: colours and tooltip first, so the text
 * never shows in the old colours or beside the old tooltip.
 */
async function applyBadge(action: BadgeAction, look: BadgeLook): Promise<void> {
  const face = badgeFace(look)
  await Promise.all([
    action.setBadgeBackgroundColor({ color: face.background }),
    action.setBadgeTextColor?.({ color: face.foreground }),
    action.setTitle({ title: badgeTitle(look) })
  ])
  await action.setBadgeText({ text: face.text })
}

/**
 * A participant in the badge: `refresh` reads the shares, drops the dead
 * ones, watches the live ones, and sets the badge. `own` is the running
 * view's client id (the worker has none), whose lock it holds itself.
 */
export function createBadgeSync(deps: BadgeDeps, own: string | null) {
  const { area, locks } = deps
  const watched = new Set<string>()
  const ending = new AbortController()
  let tail: Promise<void> = Promise.resolve()
  let queued: Promise<void> | null = null

  async function readShares() {
    const keys = area.getKeys
      ? (await area.getKeys()).filter((key) => key.startsWith(BADGE_PREFIX))
      : null
    if (keys?.length === 0) return storedBadgeShares({})
    return storedBadgeShares(await area.get(keys))
  }

  /** Removes view `clientId`'s share once its lock is free: the view is gone. */
  function watch(clientId: string): void {
    if (clientId === own || watched.has(clientId)) return
    watched.add(clientId)
    const { signal } = ending
    locks
      .request(badgeLock(clientId), { signal }, async () => {
        await area.remove([badgeKey(clientId)])
        void refresh()
      })
      .catch((error: unknown) => {
        if (!signal.aborted) deps.onError(error)
      })
      .finally(() => watched.delete(clientId))
  }

  async function run(): Promise<void> {
    const { shares, bad } = await readShares()
    const { held = [] } = await locks.query()
    const alive = new Set(held.map((lock) => lock.name))
    const dead = [...shares.keys()].filter((id) => !alive.has(badgeLock(id)))
    for (const id of dead) shares.delete(id)
    if (bad.length > 0) {
      deps.onError(new Error(`Malformed badge shares removed: ${bad.join()}`))
    }
    if (dead.length + bad.length > 0) {
      await area.remove([...dead.map(badgeKey), ...bad])
    }
    for (const id of shares.keys()) watch(id)
    await applyBadge(deps.action, badgeOf(shares.values()))
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
      .catch(deps.onError)
    tail = queued
    return queued
  }

  return {
    refresh,
    /** Stops watching other views' locks (this participant is going away). */
    dispose(): void {
      ending.abort()
    }
  }
}
