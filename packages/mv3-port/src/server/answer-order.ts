/**
 * Answers to one view leave in the order its requests arrived, whoever gives
 * them: a handler, `allow`, the protocol check, the store. A view that
 * sends a write and then a read must not get the read's answer, nor a
 * refusal of a later request, before the write's. Handlers still run side
 * by side: only the posting waits. Each port has its own line, so one view
 * never waits on another's slow handler.
 *
 * A line holds answers only while an earlier one is missing, and never
 * longer than `waitMs` after the request that waits arrived: an earlier
 * request still unanswered by then (a hung handler, one whose view gave up
 * on it) is passed, and its answer, if it ever comes, is posted when it
 * does. `waitMs` must stay under the view's reply timeout, or the answers
 * held behind a hung handler reach a view that already failed them. A port
 * that leaves drops its line and what it held.
 */
import type { ToView } from "../wire"
import type { HeldPeer } from "./peer"

/** One answer's place in its port's line; `message` once it is given. */
interface Slot {
  readonly until: number
  message?: ToView
}

/** A port's answers still to post, and the timer that passes an overdue head. */
interface Line {
  readonly slots: Slot[]
  timer?: ReturnType<typeof setTimeout>
  gone?: true
}

/** Posts one answer: in its turn, or at once when the order is "settled". */
export type Reply = (message: ToView) => void

/** Gives each answer its place in its port's line as the request arrives. */
export function answerOrder(
  post: (peer: HeldPeer, message: ToView) => boolean,
  waitMs: number
) {
  const lines = new Map<unknown, Line>()

  /** Only a head that holds answers behind it needs a timer. */
  function arm(peer: HeldPeer, line: Line): void {
    if (line.timer !== undefined || line.slots.length < 2) return
    const wait = line.slots[0].until - Date.now()
    line.timer = setTimeout(() => flush(peer, line), wait)
  }

  /** Posts the given answers at the head of `peer`'s line, passing an overdue one. */
  function flush(peer: HeldPeer, line: Line): void {
    clearTimeout(line.timer)
    line.timer = undefined
    const { slots } = line
    while (slots.length > 0) {
      const head = slots[0]
      if (head.message) post(peer, head.message)
      else if (head.until > Date.now()) break
      slots.shift()
    }
    if (slots.length === 0) lines.delete(peer.port)
    else arm(peer, line)
  }

  return {
    /** Takes `peer`'s next place; call the reply it gives with the answer. */
    reserve(peer: HeldPeer): Reply {
      let line = lines.get(peer.port)
      if (!line) lines.set(peer.port, (line = { slots: [] }))
      const slot: Slot = { until: Date.now() + waitMs }
      const held = line
      held.slots.push(slot)
      arm(peer, held)
      return (message) => {
        if (held.gone) return
        // Passed while its handler ran: a late answer goes out alone.
        if (!held.slots.includes(slot)) return void post(peer, message)
        slot.message = message
        if (held.slots[0] === slot) flush(peer, held)
      }
    },
    /** `port` is gone: its line and the answers it held are dropped. */
    leave(port: unknown): void {
      const line = lines.get(port)
      if (!line) return
      clearTimeout(line.timer)
      line.slots.length = 0
      line.gone = true
      lines.delete(port)
    },
    /**
     * The server closes `peer`'s port, which it can still post to: the
     * answers given go out in their order, the missing ones skipped (they
     * would never reach this port; the view asks again on its next).
     */
    close(peer: HeldPeer): void {
      for (const { message } of lines.get(peer.port)?.slots ?? []) {
        if (message) post(peer, message)
      }
      this.leave(peer.port)
    }
  }
}
