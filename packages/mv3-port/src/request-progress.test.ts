import type { RequestProgress } from "./client"
import { chatHandlers, chatPair } from "./test-support"

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

/** Lets deliveries, validators and timers due now run. */
const settle = () => jest.advanceTimersByTimeAsync(0)

describe("a request's onProgress", () => {
  it("hears queued before the welcome, then sending, then replied with its round trip", async () => {
    const { client } = chatPair()
    const seen: RequestProgress[] = []
    const reply = client.request("count", 1, {
      onProgress: (progress) => seen.push(progress)
    })
    // The first call comes from inside `request`.
    expect(seen).toEqual([{ state: "queued", attempts: 0 }])
    await settle()
    await expect(reply).resolves.toBe(2)
    expect(seen.map(({ state, attempts }) => [state, attempts])).toEqual([
      ["queued", 0],
      ["sending", 1],
      ["replied", 1]
    ])
    expect(seen[2].rttMs).toEqual(expect.any(Number))
  })

  it("counts a re-send after a worker stop as a second attempt", async () => {
    let runs = 0
    const { client, worker } = chatPair(() => ({
      handlers: {
        ...chatHandlers(),
        // The first run never answers: the worker stops under it.
        count: (n) => (runs++ === 0 ? new Promise<number>(() => {}) : n + 1)
      }
    }))
    await settle()
    const seen: string[] = []
    const reply = client.request("count", 1, {
      onProgress: ({ state, attempts }) => seen.push(`${state} ${attempts}`)
    })
    await settle()
    worker.stop()
    await settle()
    await settle()
    await expect(reply).resolves.toBe(2)
    // Every request is queued first, and posted at once on a live port.
    expect(seen).toEqual(["queued 0", "sending 1", "sending 2", "replied 2"])
    expect(runs).toBe(2)
  })

  it("is not called once the request failed", async () => {
    const { client } = chatPair(() => ({}), { lazy: true })
    const onProgress = jest.fn()
    await expect(
      client.request("count", 1, { onProgress })
    ).rejects.toMatchObject({ code: "disconnected" })
    expect(onProgress).not.toHaveBeenCalled()
  })
})
