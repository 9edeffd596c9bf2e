/**
 * The view's side of streams and uploads: `createPortClient` plus
 * `stream` and `upload`, in an entry of its own so that a view that only
 * requests carries none of it (the client entry is at its size budget).
 * It composes the client rather than reaching into it: it watches the
 * ports the client opens, treats one as live from its welcome until it
 * drops, and on each live port opens again what is still running, from
 * where this view stands (core/stream's model: the receiver's position is
 * the truth).
 */
import { contextValid } from "../chrome"
import {
  createPortClient,
  type PortClient,
  type PortClientOptions,
  type RequestOptions
} from "../client"
import type { ClientPort, ToSender } from "../core"
import { createStreamReceiver } from "../core/stream/receiver"
import {
  createStreamSender,
  type SenderState,
  type StreamSender
} from "../core/stream/sender"
import { PortError } from "../errors"
import { newId } from "../ids"
import { isId, isRecord } from "../plain-data"
import {
  has,
  validate,
  type ProtocolDefinition,
  type StreamChunk,
  type StreamInput,
  type StreamName,
  type UploadChunk,
  type UploadInput,
  type UploadName,
  type UploadOutput
} from "../protocol"
import type { ToServer } from "../wire"
import { createChannel } from "./channel"
import { readStreamMessage } from "./wire"

/** Chunks the worker may have in flight to a stream beyond those this view read. */
export const STREAM_WINDOW = 16

/** Where an upload's chunks go: `write` waits for credit, `close` for the answer. */
export interface UploadSink<Chunk, Output> {
  /**
   * Queues `chunk`; resolves once it is sent within the worker's credit
   * window (so `await` paces the writer), rejects with a `PortError`.
   */
  write(chunk: Chunk): Promise<void>
  /** No more chunks: resolves with the worker's checked answer, rejects with a `PortError`. */
  close(): Promise<Output>
  /** Cancels the upload on the worker; what waits rejects with "aborted". */
  abort(): void
}

/** The view's end of a protocol with streams and uploads. */
export interface StreamClient<
  P extends ProtocolDefinition
> extends PortClient<P> {
  /**
   * Opens stream `name`: read it with `for await`. Chunks arrive checked,
   * in order, each once, across worker stops; `break` or `signal` cancels
   * it on the worker; a failure rejects the loop with a `PortError`.
   */
  stream<N extends StreamName<P>>(
    name: N,
    input: StreamInput<P, N>,
    options?: RequestOptions
  ): AsyncIterableIterator<StreamChunk<P, N>>
  /** Opens upload `name` and returns its sink. */
  upload<N extends UploadName<P>>(
    name: N,
    input: UploadInput<P, N>,
    options?: RequestOptions
  ): UploadSink<UploadChunk<P, N>, UploadOutput<P, N>>
}

/** A running stream or upload, as the client keeps it. */
interface Flow {
  /** Posts its opening on a live port (at start, and after every reconnect). */
  open(): void
  /** The live port dropped. */
  dropped(): void
  receive(message: unknown): void
  /** The worker's answer to an upload. */
  answer(output: unknown): void
  /** Fails it with `code` (the client failed or was disconnected). */
  fail(code: string): void
}

/** Creates a view's client of `protocol`, with streams and uploads, and connects it. */
export function createStreamClient<const P extends ProtocolDefinition>(
  protocol: P,
  options: PortClientOptions
): StreamClient<P> {
  const flows = new Map<string, Flow>()
  /** The port welcomed and not dropped since; null between. */
  let live: ClientPort<ToServer> | null = null

  const post = (message: ToServer): boolean => {
    if (!live) return false
    try {
      live.postMessage(message)
      return true
    } catch {
      return false
    }
  }

  function watch(port: ClientPort<ToServer>): ClientPort<ToServer> {
    // Added before the client's own listener: a flow opens on the welcome.
    port.onMessage.addListener((raw) => {
      if (!isRecord(raw)) return
      if (raw.k === "welcome") {
        live = port
        for (const flow of [...flows.values()]) flow.open()
      }
      if (port !== live) return
      if (raw.k === "st") {
        const m = readStreamMessage(raw.m)
        if (m) flows.get(m.id)?.receive(m)
      }
      if (raw.k === "res" && isId(raw.id)) flows.get(raw.id)?.answer(raw.output)
    })
    port.onDisconnect.addListener(() => drop(port))
    return port
  }

  function drop(port: ClientPort<ToServer> | null): void {
    if (!live || (port && port !== live)) return
    live = null
    for (const flow of [...flows.values()]) flow.dropped()
  }

  const client = createPortClient(protocol, {
    ...options,
    connect: () => watch(options.connect())
  })

  client.subscribe(() => {
    const { status } = client
    // The client closed the port itself (a timeout, or `disconnect()`).
    if (status !== "connected") drop(null)
    if (status !== "failed" && status !== "disconnected") return
    const code =
      status === "disconnected"
        ? "disconnected"
        : contextValid()
          ? "gave-up"
          : "context-lost"
    for (const flow of [...flows.values()]) flow.fail(code)
  })

  /**
   * Registers `flow` under `id` and opens it; a client that gave up tries
   * again for it, as for a new request, and a disconnected one fails it.
   */
  function begin(id: string, flow: Flow, signal?: AbortSignal): void {
    if (signal?.aborted) return flow.fail("aborted")
    flows.set(id, flow)
    signal?.addEventListener("abort", () => flow.fail("aborted"), {
      once: true
    })
    if (client.status === "failed" && contextValid()) client.connect()
    if (client.status === "disconnected") return flow.fail("disconnected")
    flow.open()
  }

  function stream(
    name: string,
    input: unknown,
    { signal }: RequestOptions = {}
  ): AsyncIterableIterator<unknown> {
    const id = newId()
    const channel = createChannel<unknown>(() => end("aborted"))
    const check = has(protocol.streams, name)
      ? protocol.streams![name].chunk
      : null
    if (!check) {
      channel.fail(new PortError("unknown-stream"))
      return channel.iterator
    }
    const receiver = createStreamReceiver<unknown>({
      id,
      window: STREAM_WINDOW,
      async keep(_, data) {
        const chunk = await validate(check, data)
        if (!chunk) return end("bad-chunk")
        // Resolves once the loop read it: the window paces the worker.
        await channel.push(chunk.value)
      },
      finish() {
        flows.delete(id)
        channel.end()
      },
      post: (m) => post({ k: "st", m }),
      onChange(state) {
        if (state.phase === "cancelled" && state.by === "sender") {
          flows.delete(id)
          channel.fail(new PortError(state.code))
        }
      }
    })
    /** Ends the stream from this side: the worker hears it, the loop gets `code`. */
    function end(code: string): void {
      flows.delete(id)
      receiver.cancel(code)
      channel.fail(new PortError(code))
    }
    begin(
      id,
      {
        open() {
          const state = receiver.getState()
          if (state.phase !== "open") return
          const { arrived: next, upTo } = state
          post({ k: "stream", id, name, input, next, upTo })
        },
        dropped() {},
        receive: (m) => receiver.receive(m as never),
        answer() {},
        fail: end
      },
      signal
    )
    return channel.iterator
  }

  function upload(
    name: string,
    input: unknown,
    { signal }: RequestOptions = {}
  ): UploadSink<unknown, unknown> {
    const id = newId()
    // Every chunk is kept until the answer: after a worker stop the
    // upload's handler runs again and reads them all from the first.
    const chunks: unknown[] = []
    let closed = false
    let failure: PortError | null = null
    let settled = false
    /** The worker answered: what follows (its cancel, a client failure) is no failure. */
    let answered = false
    let wake = () => {}
    const writes: Array<{ index: number; done(error?: PortError): void }> = []
    let resolveOutput!: (output: unknown) => void
    let rejectOutput!: (error: PortError) => void
    const output = new Promise<unknown>((resolve, reject) => {
      resolveOutput = resolve
      rejectOutput = reject
    })
    // A sink failed before `close()` was called must not be an unhandled rejection.
    output.catch(() => {})
    const check = has(protocol.uploads, name) ? protocol.uploads![name] : null

    function written(state: SenderState): void {
      const sent =
        state.phase === "flowing"
          ? state.next
          : state.phase === "ending" || state.phase === "done"
            ? Infinity
            : -1
      for (let i = writes.length - 1; i >= 0; i--) {
        if (writes[i].index < sent) writes.splice(i, 1)[0].done()
      }
    }

    function settle(error: PortError | null, value?: unknown): void {
      if (settled) return
      settled = true
      flows.delete(id)
      failure = error
      for (const write of writes.splice(0)) write.done(error ?? undefined)
      wake()
      if (error) rejectOutput(error)
      else resolveOutput(value)
    }

    const sender: StreamSender<unknown> = createStreamSender<unknown>({
      id,
      async read(index) {
        while (index >= chunks.length && !closed && !settled) {
          await new Promise<void>((resolve) => (wake = resolve))
        }
        return index < chunks.length ? chunks[index] : null
      },
      post: (m) => post({ k: "st", m }),
      onChange(state) {
        written(state)
        if (state.phase === "cancelled" && state.by === "receiver") {
          if (!answered) settle(new PortError(state.code))
        }
      }
    })

    function fail(code: string): void {
      if (settled || answered) return
      sender.cancel(code)
      settle(new PortError(code))
    }

    const flow: Flow = {
      open() {
        if (!settled) post({ k: "upload", id, name, input })
      },
      dropped: () => sender.dropped(),
      receive: (m) => sender.receive(m as ToSender),
      answer(value) {
        if (settled || answered || !check) return
        answered = true
        void validate(check.output, value).then((checked) => {
          // The worker needs no more chunks (it may have answered early).
          sender.cancel("done")
          if (checked) settle(null, checked.value)
          else settle(new PortError("bad-output"))
        })
      },
      fail
    }
    if (check) begin(id, flow, signal)
    else settle(new PortError("unknown-upload"))

    return {
      write(chunk) {
        if (failure || settled)
          return Promise.reject(failure ?? new PortError("closed"))
        if (closed) return Promise.reject(new PortError("closed"))
        const index = chunks.push(chunk) - 1
        const done = new Promise<void>((resolve, reject) =>
          writes.push({
            index,
            done: (error) => (error ? reject(error) : resolve())
          })
        )
        wake()
        written(sender.getState())
        return done
      },
      close() {
        closed = true
        wake()
        return output
      },
      abort: () => fail("aborted")
    }
  }

  return Object.assign(client, { stream, upload }) as StreamClient<P>
}
