import { createPortClient } from "./client"
import { isPortError, PortError } from "./errors"
import { chat, chatPair } from "./test-support"
import { createPortPair } from "./testing"

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

/** Lets deliveries, validators and timers due now run. */
const settle = () => jest.advanceTimersByTimeAsync(0)

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => "resolved",
    (error: PortError) => error.code
  )

describe("a request", () => {
  it("resolves with the handler's checked answer", async () => {
    const { client } = chatPair()
    await expect(client.request("upper", { text: "hi" })).resolves.toEqual({
      text: "HI"
    })
    await expect(client.request("count", 41)).resolves.toBe(42)
    expect(client.status).toBe("connected")
  })

  it.each([
    ["bad-input", () => ["upper", { text: "far too long for the schema" }]],
    ["bad-input", () => ["count", -1]],
    ["unknown-request", () => ["shout", {}]]
  ])("rejects with %s", async (code, args) => {
    const { client, runs } = chatPair()
    const [name, input] = args() as ["upper", { text: string }]
    await expect(codeOf(client.request(name, input))).resolves.toBe(code)
    expect(runs).toEqual([])
  })

  it("rejects with a handler's own code, or handler-failed when it throws anything else", async () => {
    const errors: unknown[] = []
    const { client } = chatPair(() => ({
      handlers: {
        upper: () => {
          throw new PortError("too-loud")
        },
        count: () => {
          throw new Error("boom")
        }
      },
      onError: (error) => errors.push(error)
    }))
    await expect(codeOf(client.request("upper", { text: "x" }))).resolves.toBe(
      "too-loud"
    )
    await expect(codeOf(client.request("count", 1))).resolves.toBe(
      "handler-failed"
    )
    expect(errors).toEqual([new Error("boom")])
  })

  it("rejects with a handler's detail beside its code, as the store keeps it", async () => {
    const kept: unknown[] = []
    const { client } = chatPair(() => ({
      store: {
        get: () => undefined,
        set: (_, answer) => void kept.push(answer)
      },
      handlers: {
        upper: () => {
          throw new PortError("text-too-long", { limit: 100_000 })
        },
        count: (n) => n
      }
    }))
    const error = await client.request("upper", { text: "x" }).catch((e) => e)
    expect(isPortError(error)).toBe(true)
    expect(error).toMatchObject({
      code: "text-too-long",
      message: "text-too-long",
      detail: { limit: 100_000 }
    })
    expect(kept).toEqual([
      {
        k: "err",
        id: expect.any(String),
        code: "text-too-long",
        detail: { limit: 100_000 }
      }
    ])
  })

  it("shows a detail only when it is plain data; the code goes on regardless", async () => {
    const { client: end, server: worker } = createPortPair("chat")
    const client = createPortClient(chat, { connect: () => end })
    const sparse: unknown[] = []
    sparse.length = 2 ** 32 - 1
    const details: unknown[] = [{ limit: 3 }, new Map(), sparse, undefined]
    worker.onMessage.addListener((raw) => {
      const message = raw as { k: string; id?: string }
      if (message.k === "hello") worker.postMessage({ k: "welcome" })
      // Straight onto the view's end: the fake port would copy a Map to {}.
      if (message.k === "req") {
        const detail = details.shift()
        end.onMessage.emit(
          { k: "err", id: message.id, code: "no", detail },
          end
        )
      }
    })
    const detailOf = (promise: Promise<unknown>) =>
      promise.catch((error: PortError) => [error.code, error.detail])
    const seen = await Promise.all(
      [1, 2, 3, 4].map((n) => detailOf(client.request("count", n)))
    )
    expect(seen).toEqual([
      ["no", { limit: 3 }],
      ["no", undefined],
      ["no", undefined],
      ["no", undefined]
    ])
    // The client's own failures have none.
    client.disconnect()
    await expect(detailOf(client.request("count", 1))).resolves.toEqual([
      "disconnected",
      undefined
    ])
  })

  it("rejects with bad-output when the reply fails the protocol", async () => {
    const { client } = chatPair(() => ({
      handlers: {
        upper: () => ({ text: 5 }) as never,
        count: (n) => n
      }
    }))
    await expect(codeOf(client.request("upper", { text: "x" }))).resolves.toBe(
      "bad-output"
    )
  })

  it("rejects with aborted when its signal fires, before or after it is sent", async () => {
    const { client } = chatPair(() => ({
      handlers: { upper: () => new Promise(() => {}), count: (n) => n }
    }))
    const before = new AbortController()
    before.abort()
    await expect(
      codeOf(client.request("count", 1, { signal: before.signal }))
    ).resolves.toBe("aborted")
    const after = new AbortController()
    const pending = codeOf(
      client.request("upper", { text: "x" }, { signal: after.signal })
    )
    await settle()
    after.abort()
    await expect(pending).resolves.toBe("aborted")
  })

  it("waits in the outbox until the worker welcomes the port", async () => {
    const { client, worker } = chatPair()
    expect(client.status).toBe("connecting")
    const reply = client.request("count", 1)
    expect(worker.starts).toBe(1)
    await expect(reply).resolves.toBe(2)
  })

  it("rejects at once with queue-full past maxQueued", async () => {
    const { client } = chatPair(() => ({}), { maxQueued: 1 })
    const first = client.request("count", 1)
    await expect(codeOf(client.request("count", 2))).resolves.toBe("queue-full")
    await expect(first).resolves.toBe(2)
  })

  it("is answered once though the worker stopped while it was in flight", async () => {
    const { client, worker } = chatPair(() => ({
      handlers: { upper: ({ text }) => ({ text }), count: (n) => n * 2 }
    }))
    await settle()
    const reply = client.request("count", 21)
    worker.stop()
    await jest.advanceTimersByTimeAsync(1000)
    await expect(reply).resolves.toBe(42)
    expect(worker.starts).toBe(2)
    expect(client.status).toBe("connected")
  })
})
