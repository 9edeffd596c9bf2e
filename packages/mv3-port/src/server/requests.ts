/**
 * The server's requests: each id answered exactly once. A request whose id
 * is running joins it; one answered before gets the stored answer; any
 * other is checked against the protocol and its handler runs. Only the
 * store lookup is returned to the ordered queue, so only it holds later
 * messages back: handlers run side by side.
 */
import { isPortError } from "../errors"
import { has, validate, type ProtocolDefinition } from "../protocol"
import type { ToServer, ToView } from "../wire"
import { settled, then, type AnswerBook, type Maybe } from "./answers"
import type { HeldPeer } from "./peer"
import type { Answer } from "./stores"

type Handler = (input: unknown, peer: HeldPeer) => unknown

/** What the requests need of the server. */
export interface RequestsDeps {
  handlers: object
  answers: AnswerBook
  post(peer: HeldPeer, message: ToView): boolean
  report(error: unknown): void
}

/** Answers requests of `protocol` with `deps.handlers`. */
export function createRequests(
  protocol: ProtocolDefinition,
  { handlers, answers, post, report }: RequestsDeps
) {
  /** Requests whose handler runs now, with every peer waiting for the answer. */
  const running = new Map<string, Set<HeldPeer>>()

  function answerOf(
    { id, name, input }: ToServer & { k: "req" },
    peer: HeldPeer
  ): Maybe<Answer> {
    const fail = (code: string, detail?: unknown): Answer => ({
      k: "err",
      id,
      code,
      detail
    })
    if (!has(protocol.requests, name)) return fail("unknown-request")
    const handler = (handlers as Record<string, Handler>)[name]
    return settled(
      () =>
        then(validate(protocol.requests[name].input, input), (checked) =>
          checked
            ? then(handler(checked.value, peer), (output): Answer => ({
                k: "res",
                id,
                output
              }))
            : fail("bad-input")
        ),
      (error) => {
        if (isPortError(error)) return fail(error.code, error.detail)
        report(error)
        return fail("handler-failed")
      }
    )
  }

  function deliver(id: string, answer: Answer): void {
    const peers = running.get(id) ?? []
    running.delete(id)
    // A peer that left is no longer registered: its post is refused.
    for (const peer of peers) post(peer, answer)
  }

  /** Answers request `message` of `peer`; a promise holds later messages until the store was read. */
  return function request(peer: HeldPeer, message: ToServer & { k: "req" }) {
    const { id } = message
    const waiting = running.get(id)
    if (waiting) return void waiting.add(peer)
    running.set(id, new Set([peer]))
    return then(answers.lookup(id), (stored) => {
      if (stored) return deliver(id, stored)
      void then(answerOf(message, peer), (fresh) =>
        then(answers.keep(id, fresh), () => deliver(id, fresh))
      )
    })
  }
}
