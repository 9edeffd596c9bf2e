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
import type { ClientPort } from "../core"
import { isId, isRecord } from "../plain-data"
import {
  has,
  type HelloOption,
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
import type { Flow, Link } from "./link"
import { openStream } from "./stream"
import { openUpload, type UploadOptions, type UploadSink } from "./upload"
import { readStreamMessage } from "./wire"

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
    options?: Pick<RequestOptions, "signal">
  ): AsyncIterableIterator<StreamChunk<P, N>>
  /**
   * Opens upload `name` and returns its sink: written to, or reading its
   * chunks with `options.read`; `options.onProgress` hears how far it got.
   */
  upload<N extends UploadName<P>>(
    name: N,
    input: UploadInput<P, N>,
    options?: UploadOptions<UploadChunk<P, N>>
  ): UploadSink<UploadChunk<P, N>, UploadOutput<P, N>>
}

/** Creates a view's client of `protocol`, with streams and uploads, and connects it (unless `lazy`). */
export function createStreamClient<const P extends ProtocolDefinition>(
  protocol: P,
  options: PortClientOptions & HelloOption<P>
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
    if (client.status === "failed") {
      if (!contextValid()) return flow.fail("context-lost")
      client.connect()
    }
    if (client.status === "disconnected") return flow.fail("disconnected")
    flow.open()
  }

  const link: Link = { post, begin, end: (id) => void flows.delete(id) }

  return Object.assign(client, {
    stream: (
      name: string,
      input: unknown,
      options?: Pick<RequestOptions, "signal">
    ) =>
      openStream(
        link,
        has(protocol.streams, name) ? protocol.streams![name].chunk : null,
        name,
        input,
        options
      ),
    upload: (name: string, input: unknown, options?: UploadOptions<unknown>) =>
      openUpload(
        link,
        has(protocol.uploads, name) ? protocol.uploads![name] : null,
        name,
        input,
        options
      )
  }) as StreamClient<P>
}
