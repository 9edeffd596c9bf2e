/**
 * The protocol and wiring the package's own tests share: one request
 * checked by valibot, one by a type guard, one event; and a protocol of
 * streams and an upload.
 */
import { afterEach, beforeEach } from "@jest/globals"
import * as v from "valibot"

import { createPortClient, type PortClientOptions } from "./client"
import { defineProtocol } from "./protocol"
import {
  createPortServer,
  type Handlers,
  type PortServerOptions
} from "./server/port-server"
import {
  createStreamServer,
  type StreamServerOptions
} from "./server/stream-server"
import { createStreamClient } from "./streams/client"
import { createFakeWorker } from "./testing"

const isCount = (value: unknown): value is number =>
  typeof value === "number" && Number.isInteger(value) && value >= 0

/** The tests' protocol. */
export const chat = defineProtocol({
  requests: {
    upper: {
      input: v.object({ text: v.pipe(v.string(), v.maxLength(20)) }),
      output: v.object({ text: v.string() })
    },
    count: { input: isCount, output: isCount }
  },
  events: { relay: v.object({ from: v.string(), text: v.string() }) }
})

/** Handlers that answer at once, counting every run. */
export function chatHandlers(runs: string[] = []): Handlers<typeof chat> {
  return {
    upper: ({ text }) => {
      runs.push(text)
      return { text: text.toUpperCase() }
    },
    count: (n) => n + 1
  }
}

/** A fake worker serving `chat`, and a client connected to it. */
export function chatPair(
  server: () => Partial<PortServerOptions<typeof chat>> = () => ({}),
  client: Partial<PortClientOptions> = {}
) {
  const runs: string[] = []
  const servers: Array<ReturnType<typeof createPortServer<typeof chat>>> = []
  const worker = createFakeWorker(() => {
    const started = createPortServer(chat, {
      handlers: chatHandlers(runs),
      ...server()
    })
    servers.push(started)
    return started
  }, "chat")
  const port = createPortClient(chat, { connect: worker.connect, ...client })
  return { worker, client: port, runs, servers }
}

/** The streaming tests' protocol: a stream of counts, an upload of text. */
export const feeds = defineProtocol({
  requests: {},
  streams: {
    ticks: { input: isCount, chunk: isCount },
    /** Its handler yields a chunk that fails the check. */
    broken: { input: isCount, chunk: isCount }
  },
  uploads: {
    file: {
      input: v.object({ name: v.string() }),
      chunk: v.pipe(v.string(), v.maxLength(8)),
      output: v.object({ name: v.string(), text: v.string() })
    }
  }
})

/** What the feeds' handlers did, for the tests to look at. */
export interface FeedLog {
  /** Every chunk a `ticks` run yielded, over every run. */
  yielded: number[]
  /** One entry per handler run that ended: how, and whether its signal fired. */
  ended: Array<{ name: string; aborted: boolean }>
  /** Resolves each chunk read by the `file` handler; replace to hold them. */
  gate: () => Promise<void>
}

/** Handlers of `feeds`: deterministic, so a run again after a stop yields the same. */
export function feedHandlers(log: FeedLog) {
  return {
    streams: {
      async *ticks(count: number, _peer: unknown, signal: AbortSignal) {
        try {
          for (let i = 0; i < count; i++) {
            log.yielded.push(i)
            yield i
          }
        } finally {
          log.ended.push({ name: "ticks", aborted: signal.aborted })
        }
      },
      async *broken() {
        yield 0
        yield "zero" as unknown as number
      }
    },
    uploads: {
      async file(
        { name }: { name: string },
        chunks: AsyncIterable<string>,
        _peer: unknown,
        signal: AbortSignal
      ) {
        let text = ""
        try {
          for await (const chunk of chunks) {
            await log.gate()
            text += chunk
          }
        } finally {
          log.ended.push({ name: "file", aborted: signal.aborted })
        }
        return { name, text }
      }
    }
  } satisfies Pick<StreamServerOptions<typeof feeds>, "streams" | "uploads">
}

/** A fake worker serving `feeds`, and a streaming client connected to it. */
export function feedPair(
  server: () => Partial<StreamServerOptions<typeof feeds>> = () => ({}),
  client: Partial<PortClientOptions> = {}
) {
  const log: FeedLog = { yielded: [], ended: [], gate: async () => {} }
  const worker = createFakeWorker(
    () =>
      createStreamServer(feeds, {
        handlers: {},
        ...feedHandlers(log),
        ...server()
      }),
    "feeds"
  )
  const port = createStreamClient(feeds, { connect: worker.connect, ...client })
  return { worker, client: port, log }
}

/** An extension id for the tests that need a `chrome.runtime`. */
export const EXTENSION_ID = "abcdefghijklmnopabcdefghijklmnop"

/** Gives each test of the calling block a `chrome.runtime` of `EXTENSION_ID`, and removes it after. */
export function inExtension(): void {
  beforeEach(() => {
    ;(globalThis as { chrome?: unknown }).chrome = {
      runtime: {
        id: EXTENSION_ID,
        getURL: (path: string) => `chrome-extension://${EXTENSION_ID}/${path}`
      }
    }
  })
  afterEach(() => void delete (globalThis as { chrome?: unknown }).chrome)
}
