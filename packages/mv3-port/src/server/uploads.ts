/**
 * One upload on the worker: the receiving side of core/stream, whose keeping
 * waits for the handler to read each chunk, so the worker holds at most a
 * window of them. The receiver starts where the handler says it stands
 * (`chunks.from`), so that a handler which records its progress durably
 * (a hash state in `chrome.storage.session`) goes on from there after a
 * worker stop, and the view sends only the chunks after it.
 */
import type { ToReceiver } from "../core/stream/messages"
import {
  createStreamReceiver,
  type StreamReceiver
} from "../core/stream/receiver"
import { PortError } from "../errors"
import {
  validate,
  type ProtocolDefinition,
  type UploadChunkOutput,
  type UploadDefinition,
  type UploadInput,
  type UploadName,
  type UploadOutput
} from "../protocol"
import { createChannel } from "../streams/channel"
import { streamCancel } from "../wire"
import type { HeldPeer, PortPeer, ServerFlowsDeps } from "./peer"
import type { Answer } from "./stores"

/**
 * The checked chunks an upload's handler reads: with `for await` from the
 * first, or with `from(index)` from where the handler stands.
 */
export interface UploadChunks<T> extends AsyncIterable<T> {
  /**
   * The chunks from `index` on, for a handler that recorded how many it
   * had read before its worker stopped: the view sends no chunk before it.
   * Call it at most once, before reading; the view's first chunk waits for
   * it (or for the first read). A call after either throws "read-failed".
   */
  from(index: number): AsyncIterable<T>
}

/** One handler per upload of the protocol: reads the checked chunks, answers the output. */
export type UploadHandlers<P extends ProtocolDefinition> = {
  [N in UploadName<P>]: (
    input: UploadInput<P, N>,
    chunks: UploadChunks<UploadChunkOutput<P, N>>,
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
  /** Null until the handler says where it stands, or reads. */
  let receiver: StreamReceiver<unknown> | null = null
  const abort = new AbortController()
  const channel = createChannel<unknown>(() => {})

  /** Over, from either side: the handler's signal and its reads hear `code`. */
  function stopped(code: string): void {
    if (abort.signal.aborted) return
    abort.abort(code)
    kit.end(id, flow)
    channel.fail(new PortError(code))
  }

  /** Stops it from this side; the view hears `code`. */
  function halt(code: string): void {
    if (receiver) return receiver.cancel(code)
    if (!gone) deps.post(peer, streamCancel(id, code))
    stopped(code)
  }

  function start(index: number): AsyncIterableIterator<unknown> {
    // A stream cancelled before the handler read has nothing to grant.
    if (abort.signal.aborted) return channel.iterator
    receiver = createStreamReceiver<unknown>({
      id,
      window: UPLOAD_WINDOW,
      kept: index,
      async keep(_, data) {
        const chunk = await validate(definition.chunk, data)
        if (!chunk) return halt("bad-chunk")
        await channel.push(chunk.value)
      },
      async finish() {
        channel.end()
        // Nothing to say "done" about when the handler failed: it cancelled.
        if (!(await answer)) throw abort.signal.reason
      },
      post: (m) => !gone && deps.post(peer, { k: "st", m }),
      onChange(state) {
        if (state.phase === "cancelled") stopped(state.code)
        // Every chunk kept and answered: what the view says of it now is
        // a stray, answered "stream-closed" like any other.
        else if (state.phase === "done") kit.end(id, flow)
      }
    })
    receiver.announce()
    return channel.iterator
  }

  const chunks: UploadChunks<unknown> = {
    [Symbol.asyncIterator]: () => (receiver ? channel.iterator : start(0)),
    from(index) {
      // Chunks already granted from elsewhere cannot be read from `index`.
      if (receiver || !(Number.isSafeInteger(index) && index >= 0)) {
        throw new PortError("read-failed")
      }
      return start(index)
    }
  }

  const answer: Promise<Answer | null> = Promise.resolve()
    .then(() => handler(input, chunks, peer, abort.signal))
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
        if (!abort.signal.aborted) halt(kit.codeOf(error))
        return null
      }
    )

  const flow: Flow = {
    port: peer.port,
    receive(m) {
      const message = m as ToReceiver<unknown>
      if (receiver) receiver.receive(message)
      // Before its first grant the view can only cancel it.
      else if (message.type === "stream-cancel") stopped(message.code)
    },
    stop() {
      gone = true
      halt("gone")
    }
  }
  return flow
}
