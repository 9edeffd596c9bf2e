/**
 * One upload on the worker: the receiving side of core/stream, whose keeping
 * waits for the handler to read each chunk, so the worker holds at most a
 * window of them.
 */
import type { ToReceiver } from "../core/stream/messages"
import {
  createStreamReceiver,
  type StreamReceiver
} from "../core/stream/receiver"
import { PortError } from "../errors"
import type {
  ProtocolDefinition,
  UploadChunkOutput,
  UploadDefinition,
  UploadInput,
  UploadName,
  UploadOutput
} from "../protocol"
import { validate } from "../protocol"
import { createChannel } from "../streams/channel"
import type { HeldPeer, PortPeer, ServerFlowsDeps } from "./peer"
import type { Answer } from "./stores"

/** One handler per upload of the protocol: reads the checked chunks, answers the output. */
export type UploadHandlers<P extends ProtocolDefinition> = {
  [N in UploadName<P>]: (
    input: UploadInput<P, N>,
    chunks: AsyncIterable<UploadChunkOutput<P, N>>,
    peer: PortPeer<P>,
    signal: AbortSignal
  ) => UploadOutput<P, N> | Promise<UploadOutput<P, N>>
}

/** Chunks a view may have in flight to an upload beyond those its handler read. */
export const UPLOAD_WINDOW = 8

/** A running stream or upload: its view's port, its side of core/stream. */
export interface Flow {
  port: unknown
  receive(message: unknown): void
  /** Stops it without a word to the view (its port is gone, or it opened it again). */
  stop(): void
}

/** What a server's streams lend the uploads they run. */
export interface FlowKit {
  deps: ServerFlowsDeps
  /** The code a handler's failure reaches the view with (and reports a bug). */
  codeOf(error: unknown): string
  /** `flow` is over: forgets it, if it is still `id`'s. */
  end(id: string, flow: Flow): void
}

/** Runs upload `id` of `peer` with its checked `input`; the flow to register. */
export function runUpload(
  kit: FlowKit,
  peer: HeldPeer,
  id: string,
  [definition, handler]: [UploadDefinition, (...args: unknown[]) => unknown],
  input: unknown
): Flow {
  const { deps } = kit
  let gone = false
  const channel = createChannel<unknown>(() => {})
  const receiver: StreamReceiver<unknown> = createStreamReceiver<unknown>({
    id,
    window: UPLOAD_WINDOW,
    kept: 0,
    async keep(_, data) {
      const chunk = await validate(definition.chunk, data)
      if (!chunk) return receiver.cancel("bad-chunk")
      await channel.push(chunk.value)
    },
    async finish() {
      channel.end()
      // Nothing to say "done" about when the handler failed: it cancelled.
      if (!(await answer)) throw receiver.signal.reason
    },
    post: (m) => !gone && deps.post(peer, { k: "st", m }),
    onChange(state) {
      if (state.phase !== "cancelled") return
      kit.end(id, flow)
      channel.fail(new PortError(state.code))
    }
  })
  const answer: Promise<Answer | null> = Promise.resolve()
    .then(() => handler(input, channel.iterator, peer, receiver.signal))
    .then(
      async (output) => {
        const result: Answer = { k: "res", id, output }
        // A handler that answers before it read every chunk needs no more.
        channel.close()
        await deps.answers.keep(id, result)
        if (!gone) deps.post(peer, result)
        return result
      },
      (error: unknown) => {
        if (!receiver.signal.aborted) receiver.cancel(kit.codeOf(error))
        return null
      }
    )
  const flow: Flow = {
    port: peer.port,
    receive: (m) => receiver.receive(m as ToReceiver<unknown>),
    stop() {
      gone = true
      receiver.cancel("gone")
    }
  }
  receiver.announce()
  return flow
}
