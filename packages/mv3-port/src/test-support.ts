/**
 * The protocol and wiring the package's own tests share: one request
 * checked by valibot, one by a type guard, one event.
 */
import * as v from "valibot"

import { createPortClient, type PortClientOptions } from "./client"
import { defineProtocol } from "./protocol"
import {
  createPortServer,
  type Handlers,
  type PortServerOptions
} from "./server/port-server"
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
