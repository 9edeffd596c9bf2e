import type { EndReason, FailReason } from "./reasons"
import { createReplyTimer } from "./reply-timer"

/** Where an outbox item is: waiting, posted, or settled. */
export type ItemState = "queued" | "sending" | "replied" | "failed"

/** One request and where it is. Replaced, never mutated, when it changes. */
export interface OutboxItem<Req, In> {
  readonly id: string
  /** Order in which it was requested. */
  readonly order: number
  readonly body: Req
  readonly state: ItemState
  /** Times it was posted on a port. */
  readonly attempts: number
  readonly failure?: FailReason<In>
  /** Round trip of the post that got the reply (ms, from `now`). */
  readonly rttMs?: number
}

/** What the client supplies to `createOutbox`. */
export interface OutboxOptions<Req, In> {
  newId: () => string
  now: () => number
  maxQueued: number
  /**
   * Drops a request may see as the oldest unanswered one on its port before
   * it fails: under ordered dispatch that is the one the worker was handling.
   */
  maxSendAttempts: number
  replyTimeoutMs: number
  /** Replied items kept (for display); pending and failed ones are always kept. */
  keepReplied: number
  /** Posts request `id` on the open port; false when there is none or the post failed. */
  send: (id: string, body: Req) => boolean
  /** Hears every item change, with the server message that caused it, if any. */
  onItem: (item: OutboxItem<Req, In>, message: In | null) => void
  /** Something changed outside a call into the outbox (a reply timer fired). */
  changed: () => void
}

/** The requests of one client: queued until a port is open, then sent and settled. */
export function createOutbox<Req, In>(options: OutboxOptions<Req, In>) {
  type Item = OutboxItem<Req, In>
  /** Every item kept, in request order (a Map keeps insertion order). */
  const items = new Map<string, Item>()
  const pendingIds = new Set<string>()
  const failedIds = new Set<string>()
  const sentAt = new Map<string, number>()
  /**
   * Drops charged to each item: the server handles a view's requests in
   * order, so one that keeps killing the worker is the oldest unanswered on
   * each port that dropped; those behind it use up no attempts.
   */
  const drops = new Map<string, number>()
  /** Items answered in part on this port (never charged). */
  const progressedHere = new Set<string>()
  let requested = 0
  const queueFull = { code: "queue-full", limit: options.maxQueued } as const
  let replied = 0

  function update(item: Item, change: Partial<Item>, message?: In): Item {
    const next = { ...item, ...change }
    items.set(item.id, next)
    if (next.state === "replied" && item.state !== "replied") replied++
    if (next.state === "failed") failedIds.add(next.id)
    else failedIds.delete(next.id)
    const pending = next.state === "queued" || next.state === "sending"
    if (pending) pendingIds.add(next.id)
    else pendingIds.delete(next.id)
    options.onItem(next, message ?? null)
    return next
  }

  function settle(item: Item, change: Partial<Item>, message?: In): void {
    replyTimer.stop(item.id)
    sentAt.delete(item.id)
    drops.delete(item.id)
    progressedHere.delete(item.id)
    update(item, change, message)
    prune()
  }

  function fail(item: Item, failure: FailReason<In>, message?: In): void {
    settle(item, { state: "failed", failure }, message)
  }

  function post(item: Item): void {
    // A failed post leaves the item queued: the drop that follows reconnects,
    // and the flush after the next welcome posts it again.
    if (!options.send(item.id, item.body)) return
    update(item, { state: "sending", attempts: item.attempts + 1 })
    sentAt.set(item.id, options.now())
    replyTimer.start(item.id)
  }

  const replyTimer = createReplyTimer(options, (id) => {
    const current = items.get(id)
    if (current?.state !== "sending") return
    fail(current, { code: "reply-timeout", ms: options.replyTimeoutMs })
    options.changed()
  })

  /**
   * Forgets the oldest replied items beyond `keepReplied`. Pending and failed
   * ones stay until they are answered or retried: nothing the user may still
   * act on disappears.
   */
  function prune(): void {
    let excess =
      items.size - options.keepReplied - pendingIds.size - failedIds.size
    for (const [id, item] of items) {
      if (excess <= 0) return
      if (item.state === "replied") {
        items.delete(id)
        excess--
      }
    }
  }

  return {
    /** Adds a request and posts it if `send` can; returns its id. */
    request(body: Req): string {
      const fresh: Item = {
        id: options.newId(),
        order: ++requested,
        body,
        state: "queued",
        attempts: 0
      }
      const item = update(fresh, {})
      if (pendingIds.size > options.maxQueued) fail(item, queueFull)
      else post(item)
      prune()
      return item.id
    },

    /** Queues failed item `id` again under the same id (the server de-duplicates). */
    retry(id: string): void {
      const item = items.get(id)
      if (item?.state !== "failed") return
      if (pendingIds.size >= options.maxQueued) {
        // The same bound, and the same visible failure, as a new request.
        return void update(item, { failure: queueFull })
      }
      drops.delete(id)
      post(update(item, { state: "queued", attempts: 0, failure: undefined }))
    },

    /** Posts what is waiting, oldest first; an item out of attempts fails instead. */
    flush(): void {
      const waiting = [...pendingIds]
        .map((id) => items.get(id)!)
        .sort((a, b) => a.order - b.order)
      for (const item of waiting) {
        if ((drops.get(item.id) ?? 0) >= options.maxSendAttempts) {
          fail(item, {
            code: "no-reply-after-attempts",
            attempts: item.attempts
          })
        } else {
          post(item)
        }
      }
    },

    /**
     * Part of `id`'s answer arrived: the drops so far are forgiven, this
     * port's drop is not charged to it, and the reply timer starts over (see
     * `Incoming` "progress").
     */
    progressed(id: string): void {
      const item = items.get(id)
      if (item?.state !== "sending") return
      drops.delete(id)
      progressedHere.add(id)
      replyTimer.start(id)
    },

    /** Settles `id` as replied by `message`; false if nothing was waiting for it. */
    replied(id: string, message: In): boolean {
      const item = items.get(id)
      // A reply to an item already replied (a re-send answered twice) is not news.
      if (!item || item.state === "replied") return false
      const started = sentAt.get(id)
      const rttMs = started === undefined ? undefined : options.now() - started
      settle(item, { state: "replied", failure: undefined, rttMs }, message)
      return true
    },

    /** Settles `id` as rejected by the server's `message`, unless it was replied. */
    rejected(id: string | null, message: In): void {
      const item = id === null ? undefined : items.get(id)
      if (!item || item.state === "replied") return
      fail(item, { code: "rejected", error: message }, message)
    },

    /** Forgets failed item `id` (its owner has given up on it); false if it is not failed. */
    discard(id: string): boolean {
      if (items.get(id)?.state !== "failed") return false
      items.delete(id)
      failedIds.delete(id)
      return true
    },

    /** Fails everything still waiting. */
    failPending(reason: EndReason): void {
      for (const id of [...pendingIds]) fail(items.get(id)!, reason)
    },

    /** The port is gone: stops the reply timers and charges the drop (see `drops`). */
    suspend(): void {
      replyTimer.clear()
      // The items "sending" are those posted on this port: the welcome's
      // flush posts all that wait, a request posts at once (a post fails
      // only on a port already dying, so that drop may be charged to it).
      const oldest = [...pendingIds]
        .map((id) => items.get(id)!)
        .filter((item) => item.state === "sending")
        .sort((a, b) => a.order - b.order)[0]
      if (oldest && !progressedHere.has(oldest.id)) {
        drops.set(oldest.id, (drops.get(oldest.id) ?? 0) + 1)
      }
      progressedHere.clear()
    },

    /** Every item kept, in request order. */
    items(): Item[] {
      return [...items.values()]
    },

    /** The totals `SessionState` reports. */
    counts() {
      return {
        requested,
        replied,
        pending: pendingIds.size,
        failed: failedIds.size
      }
    }
  }
}
