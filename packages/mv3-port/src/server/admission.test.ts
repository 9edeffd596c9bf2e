import { chat, chatHandlers } from "../test-support"
import { createPortPair, flushPorts } from "../testing"
import { MAX_HELD } from "./admission"
import { createPortServer } from "./port-server"

/** A server whose `admit` answers when the test says, and the port it judges. */
function judged() {
  let verdict: (admitted: boolean) => void = () => {}
  const errors: unknown[] = []
  const joined: unknown[] = []
  const server = createPortServer(chat, {
    handlers: chatHandlers(),
    admit: () => new Promise<boolean>((resolve) => (verdict = resolve)),
    onJoin: (peer) => joined.push(peer.meta),
    onError: (error) => errors.push(error)
  })
  const { client, server: end } = createPortPair("chat")
  server.accept(end)
  return { client, end, errors, joined, verdict: (ok: boolean) => verdict(ok) }
}

const request = { k: "req", id: "r1", name: "count", input: 1 }

it("holds a port's messages while admit decides, then reads them in order", async () => {
  const port = judged()
  port.client.postMessage({ k: "hello" })
  port.client.postMessage(request)
  await flushPorts()
  expect(port.end.sent).toEqual([])
  port.verdict(true)
  await flushPorts()
  expect(port.end.sent).toEqual([
    { k: "welcome" },
    { k: "res", id: "r1", output: 2 }
  ])
})

it("never reads a port admit refuses later", async () => {
  const port = judged()
  port.client.postMessage({ k: "hello" })
  port.client.postMessage(request)
  port.verdict(false)
  await flushPorts()
  port.client.postMessage(request)
  await flushPorts()
  expect(port.end.sent).toEqual([])
  expect(port.joined).toEqual([])
})

it(`closes a port that sends more than ${MAX_HELD} messages while it is judged`, async () => {
  const port = judged()
  for (let i = 0; i <= MAX_HELD; i++) port.client.postMessage({ k: "ping" })
  await flushPorts()
  expect(port.client.closed).toBe(true)
  port.verdict(true)
  await flushPorts()
  expect(port.end.sent).toEqual([])
})

it("never reads a port that closed before the verdict", async () => {
  const port = judged()
  port.client.postMessage({ k: "hello" })
  await flushPorts()
  port.client.disconnect()
  await flushPorts()
  port.verdict(true)
  await flushPorts()
  expect(port.end.sent).toEqual([])
  expect(port.joined).toEqual([])
})

it("reports an admit that throws, and refuses the port", async () => {
  const errors: unknown[] = []
  const server = createPortServer(chat, {
    handlers: chatHandlers(),
    admit() {
      throw new Error("lookup")
    },
    onError: (error) => errors.push(error)
  })
  const { client, server: end } = createPortPair("chat")
  server.accept(end)
  client.postMessage({ k: "hello" })
  await flushPorts()
  expect(end.sent).toEqual([])
  expect(errors.map((e) => (e as Error).message)).toEqual(["lookup"])
})
