import { badgeKey } from "~storage/layout"
import type { ConversationSnapshot } from "~views/conversation-types"

import { shareOf } from "./state"
import { browserBadgeParts, syncBadge } from "./sync"

/** What a view's badge share is read from: its conversation client. */
interface BadgeSource {
  clientId: string
  subscribe(listener: () => void): () => void
  getSnapshot(): Pick<ConversationSnapshot, "status" | "messages">
}

const warn = (error: unknown) =>
  console.warn("Could not update the toolbar badge", error)

/**
 * Keeps view `source`'s share of the badge in `chrome.storage.session`
 * (`badge:<clientId>`) and takes part in the badge (sync.ts): it takes the
 * view's lock first, then writes its share whenever the share changes.
 * Returns the stop, which removes the share and lets the lock go; without
 * the browser's parts (a content script) it does nothing.
 */
export function shareBadge(
  source: BadgeSource,
  parts = browserBadgeParts()
): () => void {
  if (!parts) return () => {}
  const { area, locks } = parts
  const key = badgeKey(source.clientId)
  const sync = syncBadge(parts, warn)
  let written = JSON.stringify(null)
  let held = false
  let release = () => {}
  // Nothing is written before the lock is held, so no participant can see
  // this view's share without its lock and take it for a dead view's.
  let writes: Promise<unknown> = new Promise<void>((settled) => {
    locks
      .request(key, {}, () => {
        held = true
        settled()
        return new Promise<void>((resolve) => (release = resolve))
      })
      .catch((error: unknown) => {
        warn(error)
        settled()
      })
  })

  /** Runs `task` after the writes before it, once the lock is held. */
  function afterWrites(task: () => Promise<unknown>): void {
    writes = writes.then(() => (held ? task() : undefined)).catch(warn)
  }

  function update(): void {
    const share = shareOf(source.getSnapshot())
    if (JSON.stringify(share) === written) return
    written = JSON.stringify(share)
    afterWrites(() => (share ? area.set({ [key]: share }) : area.remove([key])))
  }

  const unsubscribe = source.subscribe(update)
  update()

  return () => {
    unsubscribe()
    sync.stop()
    afterWrites(async () => {
      await area.remove([key])
      // The last view to go sets the badge itself: nobody else may be running.
      await sync.refresh()
    })
    void writes.finally(release)
  }
}
