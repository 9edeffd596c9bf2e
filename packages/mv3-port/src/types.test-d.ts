/**
 * Type tests, checked by `npm run typecheck` (tsc --noEmit): each
 * `@ts-expect-error` fails the check if the line below it compiles.
 */
import { createPortClient } from "./client"
import { PortError } from "./errors"
import type { DropCause, EndReason, FailReason, PortClientState } from "./index"
import { defineProtocol } from "./protocol"
import { createPortServer } from "./server/port-server"
import { chat, chatHandlers } from "./test-support"
import { createFakeWorker } from "./testing"

const worker = createFakeWorker(() =>
  createPortServer(chat, { handlers: chatHandlers() })
)
const client = createPortClient(chat, { connect: worker.connect })

export async function requests(): Promise<void> {
  const upper: { text: string } = await client.request("upper", { text: "a" })
  const count: number = await client.request("count", 1)
  void [upper, count]

  // @ts-expect-error: no request of that name
  await client.request("shout", { text: "a" })
  // @ts-expect-error: the input has the wrong shape
  await client.request("upper", { txt: "a" })
  // @ts-expect-error: a guard's type is the input's type
  await client.request("count", "1")
  // @ts-expect-error: the output is a number, not a string
  const wrong: string = await client.request("count", 1)
  void wrong
}

export function lazy(): void {
  createPortClient(chat, { connect: worker.connect, lazy: true })
  // @ts-expect-error: lazy is a boolean
  createPortClient(chat, { connect: worker.connect, lazy: "yes" })
}

export function state(): void {
  const { status, attempt, cause } = client.state
  const code: DropCause["code"] | undefined = cause?.code
  const n: number = attempt
  void [status, code, n]
  const same: PortClientState = client.state
  const ended: EndReason["code"] = "gave-up"
  const failed: FailReason<unknown>["code"] = "queue-full"
  void [same, ended, failed]
  // @ts-expect-error: state is read-only
  client.state.attempt = 2
  // @ts-expect-error: the status is one of five
  const wrong: "open" = client.state.status
  void wrong
}

export function events(): void {
  client.on("relay", ({ from, text }) => void [from.length, text.length])
  // @ts-expect-error: no event of that name
  client.on("shout", () => {})
}

export function handlers(): void {
  createPortServer(chat, {
    handlers: {
      upper: ({ text }) => ({ text }),
      // @ts-expect-error: the handler must answer a number
      count: (n) => String(n)
    }
  })
  // @ts-expect-error: every request needs its handler
  createPortServer(chat, { handlers: { upper: ({ text }) => ({ text }) } })
}

const greeting = defineProtocol({
  hello: (value: unknown): value is { view: "popup" | "panel" } =>
    typeof value === "object" && value !== null && "view" in value,
  requests: {
    whoAmI: {
      input: (v: unknown): v is null => v === null,
      output: (v: unknown): v is string => typeof v === "string"
    }
  }
})

export function hello(): void {
  createPortClient(greeting, {
    connect: worker.connect,
    hello: { view: "popup" }
  })
  // @ts-expect-error: the protocol declares a hello, so the client must say it
  createPortClient(greeting, { connect: worker.connect })
  createPortClient(greeting, {
    connect: worker.connect,
    // @ts-expect-error: the hello has the wrong shape
    hello: { view: "tab" }
  })
  // @ts-expect-error: a protocol without hello takes none
  createPortClient(chat, { connect: worker.connect, hello: { view: "popup" } })
  createPortServer(greeting, {
    handlers: {
      whoAmI: (_, peer) => {
        const view: "popup" | "panel" = peer.meta.view
        // @ts-expect-error: meta is what the hello's check gives
        const wrong: number = peer.meta.view
        return String([view, wrong])
      }
    }
  })
}

export function errorDetail(error: PortError): void {
  new PortError("text-too-long", { limit: 100_000 })
  new PortError("queue-full")
  const detail: unknown = error.detail
  // @ts-expect-error: a detail is unknown until the app checks it
  void error.detail.limit
  void detail
}
