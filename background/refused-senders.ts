import type { RefusalReason } from "~protocol"
import { refusalText } from "~text/wording"

import type { SenderInfo } from "./trust"

/** Hears of a port refused (its name, or the tab gate), with why. */
export type OnRefused = (
  sender: SenderInfo | undefined,
  reason: RefusalReason
) => void

/** Refused senders logged at most, so no caller can grow the set without limit. */
const MAX_REFUSED_LOGGED = 100

/** Where a port comes from, as an origin: never a full URL, which a caller could vary at will. */
export function senderOrigin(sender: SenderInfo | undefined): string {
  const { origin, url } = sender ?? {}
  if (origin) return origin
  try {
    return url ? new URL(url).origin : "unknown sender"
  } catch {
    return "unknown sender"
  }
}

/**
 * A logger of refused ports that names each sender once (by reason and
 * origin), not once per attempt, and stops naming new ones past a bound.
 */
export function createRefusalLog(
  warn: (text: string) => void = (text) => console.warn(text)
): OnRefused {
  const logged = new Set<string>()
  return (sender, reason) => {
    const who = `${refusalText(reason)}: ${senderOrigin(sender)}`
    if (logged.has(who) || logged.size > MAX_REFUSED_LOGGED) return
    logged.add(who)
    warn(
      logged.size > MAX_REFUSED_LOGGED
        ? `Refused a port (${who}); further refused senders are not logged`
        : `Refused a port (${who})`
    )
  }
}
