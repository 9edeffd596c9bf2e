import { createPlasmoHandler, type PlasmoPortRequest } from "."
import { createPortClient } from "../client"
import { createPortServer } from "../server/port-server"
import { chat, chatHandlers } from "../test-support"
import { createPortPair, flushPorts, type FakePortEnd } from "../testing"

/**
 * What Plasmo 0.90.5's generated router does with every connecting port
 * (the template in cli/plasmo/src/features/background-service-worker/bgsw-messaging.ts).
 */
function plasmoRouter(handler: (request: PlasmoPortRequest) => void) {
  return (port: FakePortEnd) =>
    port.onMessage.addListener((request) =>
      handler({ port, ...(request as object) })
    )
}

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

function plasmoWorker() {
  const runs: string[] = []
  const server = createPortServer(chat, { handlers: chatHandlers(runs) })
  const route = plasmoRouter(createPlasmoHandler(server))
  const ends: FakePortEnd[] = []
  const connect = () => {
    const pair = createPortPair("chat")
    ends.push(pair.server)
    route(pair.server)
    return pair.client
  }
  return { connect, ends, runs }
}

it("serves requests through Plasmo's router, and again after the port dropped", async () => {
  const worker = plasmoWorker()
  const client = createPortClient(chat, { connect: worker.connect })
  await expect(client.request("upper", { text: "hi" })).resolves.toEqual({
    text: "HI"
  })
  worker.ends[0].disconnect()
  const again = client.request("count", 1)
  await jest.advanceTimersByTimeAsync(1000)
  await expect(again).resolves.toBe(2)
  expect(worker.runs).toEqual(["hi"])
})

it.each([
  ["a string (spread into one key per character)", "hello"],
  ["a message that names its own port", { k: "hello", port: "fake" }]
])("does not trust %s", async (_, message) => {
  const worker = plasmoWorker()
  const view = worker.connect()
  view.postMessage(message)
  await flushPorts()
  const answers = worker.ends[0].sent
  expect(answers).toEqual(
    typeof message === "string"
      ? [{ k: "err", id: null, code: "bad-request" }]
      : []
  )
})
