import { flushPorts } from "mv3-port/testing"

import { createRoundTripReports } from "~views/round-trip-reports"

import {
  createConversationWorker,
  testClient,
  testConversation
} from "./support/test-conversation"

async function advance(ms: number) {
  await jest.advanceTimersByTimeAsync(ms)
  await flushPorts(20)
}

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

/** Reports on a client of a fresh worker; `batches` are the ids of each `delivered` posted. */
function reportsOn() {
  const worker = createConversationWorker()
  const client = testClient(worker, { clientId: "p", kind: "popup" })
  const reports = createRoundTripReports(client)
  const batches = () =>
    (
      worker.posted("delivered") as Array<{ reports: Array<{ id: string }> }>
    ).map((input) => input.reports.map((r) => r.id))
  return { worker, client, reports, batches }
}

describe("round-trip reports", () => {
  it("go out in one batch a little after the replies, never at once", async () => {
    const { model, worker } = testConversation()
    model.connect()
    await flushPorts(20)
    model.send("one")
    model.send("two")
    await flushPorts(20)
    expect(worker.posted("delivered")).toEqual([])
    await advance(250)
    expect(worker.posted("delivered")).toHaveLength(1)
    expect(worker.log.every((entry) => entry.rttMs !== undefined)).toBe(true)
  })

  it("are held while disconnected and go out on the next connection", async () => {
    const { reports, client, batches } = reportsOn()
    reports.add("a", 1)
    await advance(250)
    expect(batches()).toEqual([])
    client.connect()
    await advance(250)
    expect(batches()).toEqual([["a"]])
  })

  it("a batch that fails for good is held first for the next connection, 500 at most", async () => {
    const { reports, client, batches } = reportsOn()
    client.connect()
    await flushPorts(20)
    reports.add("early", 1)
    await jest.advanceTimersByTimeAsync(250)
    // The user disconnects before the answer: the batch fails with "disconnected".
    client.disconnect()
    await flushPorts(20)
    for (let i = 0; i < 500; i++) reports.add(`r${i}`, 1)
    client.connect()
    await advance(250)
    const resent = batches().slice(1).flat()
    // The oldest went to keep the bound; the rest keep their order.
    expect(resent).toHaveLength(500)
    expect(resent.slice(0, 2)).toEqual(["r0", "r1"])
    expect(resent.at(-1)).toBe("r499")
    expect(
      batches()
        .slice(1)
        .map((b) => b.length)
    ).toEqual([100, 100, 100, 100, 100])
  })

  it("round a round trip to 0.1 ms", async () => {
    const { reports, client, worker } = reportsOn()
    client.connect()
    await flushPorts(20)
    reports.add("a", 1.26)
    await advance(250)
    expect(worker.posted("delivered")).toEqual([
      { reports: [{ id: "a", rttMs: 1.3 }] }
    ])
  })
})
