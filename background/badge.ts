import { browserBadgeParts, syncBadge } from "~badge/sync"

/**
 * The worker's part in the toolbar badge (badge/sync.ts): at every
 * start it drops the shares of views that went while it was stopped and
 * sets the badge from the rest, and while it runs it watches every share a
 * view writes, so a view that closes without a word still loses its share.
 * Registered in the worker's first turn, like every listener of a worker.
 */

/** Logs a failed badge update, unless the worker is stopping under it. */
export function reportBadgeError(error: unknown): void {
  // Chrome rejects an API call still in flight when the worker's process
  // is gone ("No SW", extension_function_dispatcher.cc): the worker is
  // stopping, and its next start sets the badge from the shares anyway.
  // https://chromium.googlesource.com/chromium/src/+/main/extensions/browser/extension_function_dispatcher.cc
  if (error instanceof Error && error.message === "No SW") return
  console.error("Could not update the toolbar badge", error)
}

const parts = browserBadgeParts()
if (parts) syncBadge(parts, reportBadgeError)
