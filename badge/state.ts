import type { BadgeShare } from "~storage/layout"
import type { ConversationSnapshot } from "~views/conversation-types"

/**
 * The toolbar badge as data: one view's share of it, and what the shares of
 * every view add up to. Pure, so every combination is unit-tested; writing
 * it to `chrome.action` is badge-sync.ts's job.
 */

/** What the badge says, from every view's share. */
export type BadgeLook =
  | { kind: "clear" }
  /** `views` views (at least 1) gave up or were refused. */
  | { kind: "failed"; views: number }
  /** No view failed; `count` messages (at least 1) wait for a reconnect. */
  | { kind: "waiting"; count: number }

/** The badge as `chrome.action` takes it. */
interface BadgeFace {
  text: string
  /** #rrggbb behind the text. */
  background: string
  /** #rrggbb of the text. */
  foreground: string
}

/** Most messages the badge counts in digits; more show as "99+" (the badge fits about four characters). */
export const BADGE_MAX_COUNT = 99

/** Red with white text: WCAG contrast 5.6, above the 4.5 asked of small text. */
export const FAILED_COLORS = { background: "#C5221F", foreground: "#FFFFFF" }
/** Amber with black text: a warning that is not an error (contrast 11.0). */
export const WAITING_COLORS = { background: "#F9AB00", foreground: "#000000" }

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

/** True when `a` and `b` are the same share (null: no share). */
export function sameShare(a: BadgeShare | null, b: BadgeShare | null): boolean {
  if (a === null || b === null) return a === b
  if (a.state === "waiting" && b.state === "waiting") return a.count === b.count
  return a.state === b.state
}

/** What the shares add up to: any failed view wins, else the messages waiting, else clear. */
export function badgeOf(shares: Iterable<BadgeShare>): BadgeLook {
  let failed = 0
  let waiting = 0
  for (const share of shares) {
    if (share.state === "failed") failed += 1
    else waiting += share.count
  }
  if (failed > 0) return { kind: "failed", views: failed }
  if (waiting > 0) return { kind: "waiting", count: waiting }
  return { kind: "clear" }
}

/** The badge's text and colours for `look` (an empty text hides the badge). */
export function badgeFace(look: BadgeLook): BadgeFace {
  switch (look.kind) {
    case "clear":
      return { text: "", ...WAITING_COLORS }
    case "failed":
      return { text: "!", ...FAILED_COLORS }
    case "waiting":
      return {
        text:
          look.count > BADGE_MAX_COUNT
            ? `${BADGE_MAX_COUNT}+`
            : String(look.count),
        ...WAITING_COLORS
      }
  }
}
