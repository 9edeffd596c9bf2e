import { chromeBadgeDeps } from "~badge/chrome"
import { createBadgeSync } from "~badge/sync"
import { BADGE_PREFIX } from "~storage/layout"

/**
 * The worker's part in the toolbar badge (badge/sync.ts): at every
 * start it drops the shares of views that went while it was stopped and
 * sets the badge from the rest, and while it runs it watches every share a
 * view writes, so a view that closes without a word still loses its share.
 * Registered in the worker's first turn, like every listener of a worker.
 */
const deps = chromeBadgeDeps((error) =>
  console.error("Could not update the toolbar badge", error)
)
if (deps) {
  const sync = createBadgeSync(deps, null)
  deps.onStorageChange((keys) => {
    if (keys.some((key) => key.startsWith(BADGE_PREFIX))) void sync.refresh()
  })
  void sync.refresh()
}
