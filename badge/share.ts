import { BADGE_PREFIX, badgeKey, type BadgeShare } from "~storage/layout"
import type { ConversationSnapshot } from "~views/conversation-types"

import { sameShare, shareOf } from "./state"
import { badgeLock, createBadgeSync, type BadgeDeps } from "./sync"

/** What a view's badge share is read from: its conversation client. */
export interface BadgeSource {
  clientId: string
  subscribe(listener: () => void): () => void
  getSnapshot(): Pick<ConversationSnapshot, "status" | "messages">
}

/** A view's badge deps, plus where it hears other views' shares change. */
export interface ViewBadgeDeps extends BadgeDeps {
  /** Calls `listener` with the keys of every `chrome.storage.session` change; returns the unsubscribe. */
  onStorageChange(listener: (keys: string[]) => void): () => void
}

/**
 * Keeps view `source`'s share of the badge in `chrome.storage.session` and
 * the badge up to date with every view's: it takes the view's lock first
 * (badge-sync.ts), then writes its share whenever the share changes and
 * refreshes the badge after its own writes and after any other view's.
 * Returns the stop, which removes the share and lets the lock go.
 */
export function shareBadge(
  deps: ViewBadgeDeps,
  source: BadgeSource
): () => void {
  const key = badgeKey(source.clientId)
  const sync = createBadgeSync(deps, source.clientId)
  let written: BadgeShare | null = null
  let release = () => {}
  const released = new Promise<void>((resolve) => (release = resolve))

  // Nothing is written before the lock is held, so no participant can see
  // this view's share without its lock and take it for a dead view's.
  const locked = new Promise<boolean>((resolve) => {
    deps.locks
      .request(badgeLock(source.clientId), {}, () => {
        resolve(true)
        return released
      })
      .catch((error: unknown) => {
        deps.onError(error)
        resolve(false)
      })
  })
  let writes: Promise<unknown> = locked.then((ok) =>
    ok ? sync.refresh() : undefined
  )

  /** Runs `task` after the writes before it, once the lock is held. */
  function afterWrites(task: () => Promise<unknown>): void {
    writes = writes
      .then(() => locked)
      .then((ok) => (ok ? task() : undefined))
      .catch(deps.onError)
  }

  function update(): void {
    const next = shareOf(source.getSnapshot())
    if (sameShare(next, written)) return
    written = next
    afterWrites(async () => {
      await (next ? deps.area.set({ [key]: next }) : deps.area.remove([key]))
      await sync.refresh()
    })
  }

  const unsubscribe = source.subscribe(update)
  const offChange = deps.onStorageChange((keys) => {
    if (keys.some((changed) => changed.startsWith(BADGE_PREFIX))) {
      afterWrites(() => sync.refresh())
    }
  })
  update()

  return () => {
    unsubscribe()
    offChange()
    sync.dispose()
    const had = written !== null
    written = null
    afterWrites(async () => {
      if (had) await deps.area.remove([key])
      // The last view to go sets the badge itself: nobody else may be running.
      await sync.refresh()
    })
    void writes.finally(release)
  }
}
