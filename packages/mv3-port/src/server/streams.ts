/**
 * The worker's side of streams and uploads, on core/stream. A stream's
 * handler is an async generator read one chunk per credit the view grants;
 * an upload's handler reads checked chunks that the worker keeps (and
 * grants more of) only as fast as it reads them. Neither survives a drop:
 * a view that reconnects opens it again, and its handler runs again from
 * the start (a stream skips the chunks the view has, and its handler is
 * told how many, so it need not pace them; an upload's reads every chunk
 * again, or from where it says it stands). An upload's answer is kept in
 * the server's store, so one answered is not run again. Uploads are in
 * uploads.ts.
 */
import type { ToSender } from "../core/stream/messages"
import { createStreamSender } from "../core/stream/sender"
import { isPortError, PortError } from "../errors"
import {
  has,
  validate,
  type ProtocolDefinition,
  type StreamChunk,
  type StreamInput,
  type StreamName
} from "../protocol"
import { streamCancel, type ToServer } from "../wire"
import type { HeldPeer, PortPeer, ServerFlows, ServerFlowsDeps } from "./peer"
import { runUpload, type Flow, type FlowKit } from "./uploads"

/**
 * One handler per stream of the protocol: an async generator of its
 * chunks. `from` is how many the view already has (0 on a first open):
 * the worker skips that many of what the generator yields, so a handler
 * that ignores it is still right, and one that paces its chunks can yield
 * those first ones at once.
 */
export type StreamHandlers<P extends ProtocolDefinition> = {
  [N in StreamName<P>]: (
    input: StreamInput<P, N>,
    peer: PortPeer<P>,
    signal: AbortSignal,
    from: number
  ) => AsyncIterable<StreamChunk<P, N>>
}

type Handler = (...args: unknown[]) => unknown

/** The streams and uploads of one server, run by `handlers`. */
export function createServerStreams(
  protocol: ProtocolDefinition,
  handlers: { streams?: object; uploads?: object },
  deps: ServerFlowsDeps
): ServerFlows {
  const flows = new Map<string, Flow>()

  const codeOf = (error: unknown): string => {
    if (isPortError(error)) return error.code
    deps.report(error)
    return "handler-failed"
  }

  const cancel = (peer: HeldPeer, id: string, code: string) =>
    void deps.post(peer, streamCancel(id, code))

  /** The handler and definition of `name` in `table`, when both exist. */
  function find<D>(
    table: Record<string, D> | undefined,
    handlers: object | undefined,
    name: string
  ): [D, Handler] | null {
    if (!table || !has(table, name) || !has(handlers, name)) return null
    return [table[name], (handlers as Record<string, Handler>)[name]]
  }

  function end(id: string, flow: Flow): void {
    if (flows.get(id) === flow) flows.delete(id)
  }

  async function openStream(
    peer: HeldPeer,
    { id, name, input, next, upTo }: ToServer & { k: "stream" }
  ): Promise<void> {
    flows.get(id)?.stop()
    const found = find(protocol.streams, handlers.streams, name)
    if (!found) return cancel(peer, id, "unknown-stream")
    const checked = await validate(found[0].input, input)
    if (!checked) return cancel(peer, id, "bad-input")
    let gone = false
    let chunks: AsyncIterator<unknown> | undefined
    let pulled = 0
    const sender = createStreamSender<unknown>({
      id,
      async read(index, signal) {
        // A stream opened again after a drop runs its handler again: the
        // chunks before the view's `next` are read and skipped (the handler
        // is told `next`, so it need not pace them).
        // Chunks already read cannot be read again (the view refused one).
        if (index < pulled) throw new PortError("read-failed")
        try {
          chunks ??= (
            found[1](
              checked.value,
              peer,
              signal,
              next
            ) as AsyncIterable<unknown>
          )[Symbol.asyncIterator]()
          for (;;) {
            const result = await chunks.next()
            if (result.done) return null
            if (pulled++ === index) return result.value
          }
        } catch (error) {
          // A generator stopped by a cancel throws its signal's reason:
          // that is the cancel itself, not a failure of the handler.
          if (!signal.aborted) sender.cancel(codeOf(error))
          throw error
        }
      },
      post: (m) => !gone && deps.post(peer, { k: "st", m }),
      onChange(state) {
        if (state.phase !== "done" && state.phase !== "cancelled") return
        end(id, flow)
        // Runs the generator's `finally`; it also sees `signal` aborted.
        void chunks?.return?.().catch(() => {})
      }
    })
    const flow: Flow = {
      port: peer.port,
      receive: (m) => sender.receive(m as ToSender),
      stop() {
        gone = true
        sender.cancel("gone")
      }
    }
    flows.set(id, flow)
    sender.receive({ type: "stream-grant", id, next, upTo })
  }

  async function openUpload(
    peer: HeldPeer,
    { id, name, input }: ToServer & { k: "upload" }
  ): Promise<void> {
    flows.get(id)?.stop()
    const answered = await deps.answers.lookup(id)
    if (answered) return void deps.post(peer, answered)
    const found = find(protocol.uploads, handlers.uploads, name)
    if (!found) return cancel(peer, id, "unknown-upload")
    const checked = await validate(found[0].input, input)
    if (!checked) return cancel(peer, id, "bad-input")
    flows.set(id, runUpload(kit, peer, id, found, checked.value))
  }

  const kit: FlowKit = { deps, codeOf, end }

  return {
    handle(peer, message) {
      if (message.k === "stream") return openStream(peer, message)
      if (message.k === "upload") return openUpload(peer, message)
      const { m } = message
      const flow = flows.get(m.id)
      // Only the view that opened it may speak for it. Anything else is
      // answered (an error is not, so two sides never trade them).
      if (flow?.port === peer.port) flow.receive(m)
      else if (m.type !== "stream-error") {
        const code = "stream-closed"
        deps.post(peer, {
          k: "st",
          m: { type: "stream-error", id: m.id, code }
        })
      }
    },
    leave(port) {
      for (const flow of [...flows.values()]) {
        if (flow.port === port) flow.stop()
      }
    }
  }
}
