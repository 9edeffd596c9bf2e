import type { BadgeShare } from "~storage/layout"
import { badgeTitle } from "~text/badge-wording"
import type { ConversationSnapshot } from "~views/conversation-types"

/**
 * The toolbar badge as data: one view's share of it, and what the shares of
 * every view show. Pure; sync.ts writes it to `chrome.action`.
 */

/** Red with white text: WCAG contrast 5.6, above the 4.5 asked of small text. */
export const FAILED_COLORS = { background: "#C5221F", foreground: "#FFFFFF" }
/** Amber with black text: a warning that is not an error (contrast 11.0). */
export const WAITING_COLORS = { background: "#F9AB00", foreground: "#000000" }

/** Most messages the badge counts in digits; more show as "99+" (the badge fits about four characters). */
const MAX_COUNT = 99

/**
 * One view's share: failed while it has given up (a view whose extension
 * was reloaded under it has no storage left to write to, and the reload
 * cleared the badge), the messages still in its outbox (queued, or sent on
 * a port that died) while it connects, and nothing otherwise. Connected views have nothing to
 * say, nor does a view the user disconnected (that is not a fault, and what
 * was waiting has failed in its own list).
 */
export function shareOf(
  snapshot: Pick<ConversationSnapshot, "status" | "messages">
): BadgeShare | null {
  if (snapshot.status === "failed") return { state: "failed" }
  // Messages wait for a port during a first connect or a reconnect.
  const { status } = snapshot
  if (status !== "connecting" && status !== "reconnecting") return null
  const count = snapshot.messages.filter(
    (m) => m.state === "queued" || m.state === "sending"
  ).length
  return count > 0 ? { state: "waiting", count } : null
}

/**
 * What the shares show, as `chrome.action` takes it: a red `!` while any
 * view failed, else the count of waiting messages in amber, else nothing
 * (an empty text hides the badge).
 */
export function badgeFace(shares: Iterable<BadgeShare>) {
  let failed = 0
  let waiting = 0
  for (const share of shares) {
    if (share.state === "failed") failed += 1
    else waiting += share.count
  }
  const title = badgeTitle(failed, waiting)
  if (failed > 0) return { text: "!", title, ...FAILED_COLORS }
  const count = waiting > MAX_COUNT ? `${MAX_COUNT}+` : String(waiting)
  return { text: waiting > 0 ? count : "", title, ...WAITING_COLORS }
}
