import { chat, chatHandlers, EXTENSION_ID, inExtension } from "../test-support"
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

describe("who may connect", () => {
  const ID = EXTENSION_ID
  const page = { id: ID, url: `chrome-extension://${ID}/popup.html` }
  const contentScript = { id: ID, url: "https://example.com/" }
  inExtension()

  function connect(
    sender: object,
    admit?: (port: { sender?: { url?: string } }) => boolean
  ) {
    const server = createPortServer(chat, {
      handlers: chatHandlers(),
      ...(admit && { admit })
    })
    const { client, server: end } = createPortPair("chat")
    Object.assign(end, { sender })
    server.accept(end)
    client.postMessage({ k: "hello" })
    client.postMessage({ k: "req", id: "r1", name: "count", input: 1 })
    return end
  }

  it("serves this extension's own pages by default", async () => {
    const end = connect(page)
    await flushPorts()
    expect(end.sent).toEqual([
      { k: "welcome" },
      { k: "res", id: "r1", output: 2 }
    ])
  })

  it("neither reads nor answers a content script's port by default", async () => {
    const end = connect(contentScript)
    await flushPorts()
    expect(end.sent).toEqual([])
  })

  it("serves whom the app's admit lets in", async () => {
    const end = connect(contentScript, (port) =>
      Boolean(port.sender?.url?.startsWith("https://example.com/"))
    )
    await flushPorts()
    expect(end.sent).toHaveLength(2)
  })
})
