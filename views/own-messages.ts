import type { FailReason, OutboxItem } from "mv3-port/core"

import type { ServerMessage } from "~protocol"
import { LOG_SHOWN } from "~storage/layout"

import type { SendBody } from "./conversation-protocol"
import type { MessageFailure, OwnMessage } from "./conversation-types"

/**
 * This view's own messages as the view shows them, made from the session
 * client's outbox items. This is the one place that reads the session's
 * item type: what the screen gets is the app's `OwnMessage`.
 */

type Item = OutboxItem<SendBody, ServerMessage>

/** Replied messages listed: those among the latest this many sent. */
export const SETTLED_SHOWN = 50

/** Failed messages listed (the newest); older ones are counted, not listed. */
const FAILED_SHOWN = 50

/** Messages remembered by id for the log's rows (as many entries as it shows). */
const DELIVERIES_KEPT = LOG_SHOWN

function failureOf(reason: FailReason<ServerMessage>): MessageFailure {
  if (reason.code !== "rejected") return reason
  const { error } = reason
  return { code: "rejected", error: error.type === "error" ? error : null }
}

function toOwnMessage({ id, body, attempts, ...item }: Item): OwnMessage {
  const about = {
    id,
    text: body.text,
    attempts,
    ...(body.file && { bytes: body.file.size })
  }
  switch (item.state) {
    case "replied":
      return { ...about, state: "replied", rttMs: item.rttMs }
    case "failed":
      // The outbox sets a failure on every item it fails.
      return { ...about, state: "failed", failure: failureOf(item.failure!) }
    default:
      return { ...about, state: item.state }
  }
}

/**
 * What the view lists of `items` (request order), oldest first: nothing not
 * yet answered is hidden, so every message still queued or sending, the
 * newest FAILED_SHOWN failed ones (older ones are counted in `hiddenFailed`)
 * and the replied ones among the latest SETTLED_SHOWN.
 */
function shownItems(items: readonly Item[]) {
  const recent = new Set(items.slice(-SETTLED_SHOWN))
  const failed = items.filter((m) => m.state === "failed")
  const failedShown = new Set(failed.slice(-FAILED_SHOWN))
  return {
    items: items.filter((m) =>
      m.state === "failed"
        ? failedShown.has(m)
        : m.state !== "replied" || recent.has(m)
    ),
    hiddenFailed: failed.length - failedShown.size
  }
}

/**
 * One view's own messages. The outbox replaces an item whenever it changes,
 * so each item is mapped once: an unchanged message stays the same object,
 * and a row that reads it re-renders only when its own message changes.
 */
export function createOwnMessages() {
  const mapped = new WeakMap<Item, OwnMessage>()
  /** The newest DELIVERIES_KEPT messages by id, least recently changed first. */
  const byId = new Map<string, OwnMessage>()
  let shown: {
    of: readonly Item[] | null
    messages: readonly OwnMessage[]
    hiddenFailed: number
  } = { of: null, messages: [], hiddenFailed: 0 }

  function messageOf(item: Item): OwnMessage {
    let message = mapped.get(item)
    if (!message) mapped.set(item, (message = toOwnMessage(item)))
    return message
  }

  return {
    /** Hears every change of an item, so that its row can read it by id. */
    changed(item: Item): void {
      byId.delete(item.id)
      byId.set(item.id, messageOf(item))
      if (byId.size > DELIVERIES_KEPT) byId.delete(byId.keys().next().value!)
    },
    /** Message `id`, if it is among those kept. */
    get(id: string): OwnMessage | undefined {
      return byId.get(id)
    },
    /** What the view lists of the session's `items` (see `shownItems`). */
    shown(items: readonly Item[]) {
      if (shown.of !== items) {
        const listed = shownItems(items)
        shown = {
          of: items,
          messages: listed.items.map(messageOf),
          hiddenFailed: listed.hiddenFailed
        }
      }
      return shown
    }
  }
}
