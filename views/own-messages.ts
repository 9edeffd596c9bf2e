import { isPortError, type RequestProgress } from "mv3-port"

import { config } from "~config"
import { LOG_SHOWN } from "~storage/layout"

import type { MessageFailure, OwnMessage } from "./conversation-types"

/**
 * This view's own messages as the view lists them, made from what each
 * request tells (`RequestProgress`, then its output or its `PortError`).
 * This is the one place that reads the package's progress and errors:
 * what the screen gets is the app's `OwnMessage`.
 */

/** Replied messages listed: those among the latest this many sent. */
const SETTLED_SHOWN = 50

/** Failed messages listed (the newest); older ones are counted, not listed. */
const FAILED_SHOWN = 50

/** Messages remembered by id for the log's rows (as many entries as it shows). */
const KEPT = LOG_SHOWN

/**
 * Why a request failed, as data; `attempts`: its posts so far. The
 * client's own codes are the connection's; any other is the worker's
 * refusal (a handler's code, or the package's for what it could not read).
 */
export function failureOf(error: unknown, attempts: number): MessageFailure {
  const code = isPortError(error) ? error.code : "handler-failed"
  switch (code) {
    case "queue-full":
      return { code: "queue-full", limit: config.maxQueuedMessages }
    case "no-reply-after-attempts":
      return { code: "no-reply-after-attempts", attempts }
    case "reply-timeout":
      return { code: "reply-timeout", ms: config.replyTimeoutMs }
    case "disconnected":
    case "context-lost":
    case "gave-up":
      return { code: code as "disconnected" | "context-lost" | "gave-up" }
  }
  const detail = isPortError(error) ? error.detail : undefined
  const limit = (detail as { limit?: unknown } | undefined)?.limit
  return {
    code: "rejected",
    error: typeof limit === "number" ? { code, limit } : { code }
  }
}

/** What a message is, whatever its state. */
function about({ id, text, attempts, bytes }: OwnMessage) {
  return { id, text, attempts, ...(bytes !== undefined && { bytes }) }
}

/**
 * One view's messages, in the order they were sent. A change replaces a
 * message's object, so an unchanged message stays the same object and a
 * row that reads it re-renders only when its own message changes.
 */
export function createOwnMessages() {
  const byId = new Map<string, OwnMessage>()
  /** Posts of a retried message before its Retry: its attempts go on from there. */
  const postedBefore = new Map<string, number>()
  let sent = 0
  let replied = 0
  let listed: {
    messages: readonly OwnMessage[]
    hiddenFailed: number
  } | null = null

  function put(message: OwnMessage): void {
    byId.set(message.id, message)
    listed = null
    // Forget the oldest settled messages past the bound; waiting ones stay.
    for (const [id, old] of byId) {
      if (byId.size <= KEPT) break
      if (old.state !== "replied" && old.state !== "failed") continue
      byId.delete(id)
      postedBefore.delete(id)
    }
  }

  return {
    /** A new message `id` (a file when `bytes` is given), queued. */
    add(id: string, text: string, bytes?: number): void {
      sent++
      put({ id, text, state: "queued", attempts: 0, ...(bytes && { bytes }) })
    },
    /** The user's Retry of failed message `id`: it is requested again. */
    retrying(id: string): void {
      const old = byId.get(id)
      if (old?.state !== "failed") return
      postedBefore.set(id, old.attempts)
      put({ ...about(old), state: "queued" })
    },
    /** Where the request of message `id` stands; "replied" is `replied`'s. */
    progress(id: string, { state, attempts }: RequestProgress): void {
      const old = byId.get(id)
      if (!old || old.state === "replied" || state === "replied") return
      const posts = (postedBefore.get(id) ?? 0) + attempts
      put({ ...about(old), state, attempts: posts })
    },
    /** Message `id` got its answer; `rttMs`: the round trip of its last post. */
    replied(id: string, rttMs?: number): void {
      const old = byId.get(id)
      if (!old || old.state === "replied") return
      replied++
      postedBefore.delete(id)
      put({ ...about(old), state: "replied", rttMs })
    },
    /** Message `id` failed with `error`. */
    failed(id: string, error: unknown): void {
      const old = byId.get(id)
      if (!old || old.state === "replied") return
      const failure = failureOf(error, old.attempts)
      put({ ...about(old), state: "failed", failure })
    },
    /** Message `id`, if it is among those kept. */
    get: (id: string): OwnMessage | undefined => byId.get(id),
    /** Since the view opened: sent, replied (each once), failed now. */
    totals() {
      const failed = [...byId.values()].filter((m) => m.state === "failed")
      return { sent, replied, failed: failed.length }
    },
    /**
     * What the view lists, oldest first: every message not answered yet,
     * the newest FAILED_SHOWN failed ones (older ones are counted in
     * `hiddenFailed`) and the replied ones among the latest SETTLED_SHOWN.
     */
    listed() {
      if (listed) return listed
      const all = [...byId.values()]
      const recent = new Set(all.slice(-SETTLED_SHOWN))
      const failed = all.filter((m) => m.state === "failed")
      const failedShown = new Set(failed.slice(-FAILED_SHOWN))
      listed = {
        messages: all.filter((m) =>
          m.state === "failed"
            ? failedShown.has(m)
            : m.state !== "replied" || recent.has(m)
        ),
        hiddenFailed: failed.length - failedShown.size
      }
      return listed
    }
  }
}
