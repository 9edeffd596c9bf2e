/**
 * The server's requests: each id answered exactly once. A request whose id
 * is running joins it; one answered before gets the stored answer; any
 * other is checked against the protocol and its handler runs. Only the
 * store lookup is returned to the ordered queue, so only it holds later
 * messages back: handlers run side by side. Each peer's place for the
 * answer is taken as its request is read (`reply`), so the answer keeps
 * that place however it is given.
 */
import { isPortError } from "../errors"
import { has, validate, type ProtocolDefinition } from "../protocol"
import type { ToServer } from "../wire"
import type { Reply } from "./answer-order"
import { settled, then, type AnswerBook, type Maybe } from "./answers"
import type { HeldPeer } from "./peer"
import type { Answer } from "./stores"

type Handler = (input: unknown, peer: HeldPeer) => unknown

/** What the requests need of the server. */
export interface RequestsDeps {
  handlers: object
  answers: AnswerBook
  /** Takes the peer's place for an answer, in the order its requests arrive. */
  reply(peer: HeldPeer): Reply
  report(error: unknown): void
}

/** Answers requests of `protocol` with `deps.handlers`. */
export function createRequests(
  protocol: ProtocolDefinition,
  { handlers, answers, reply, report }: RequestsDeps
) {
  /** Requests whose handler runs now, with every peer waiting for the answer and its place. */
  const running = new Map<string, Map<HeldPeer, Reply>>()

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
    const replies = running.get(id)?.values() ?? []
    running.delete(id)
    for (const answerIn of replies) answerIn(answer)
  }

  /** Answers request `message` of `peer`; a promise holds later messages until the store was read. */
  return function request(peer: HeldPeer, message: ToServer & { k: "req" }) {
    const { id } = message
    const waiting = running.get(id)
    if (waiting) {
      // A view that sends one id twice on a port gets one answer.
      if (!waiting.has(peer)) waiting.set(peer, reply(peer))
      return
    }
    running.set(id, new Map([[peer, reply(peer)]]))
    return then(answers.lookup(id), (stored) => {
      if (stored) return deliver(id, stored)
      void then(answerOf(message, peer), (fresh) =>
        then(answers.keep(id, fresh), () => deliver(id, fresh))
      )
    })
  }
}
