import type { ClientPort } from "mv3-port/core"
import { flushPorts, type FakePortEnd } from "mv3-port/testing"

import type { ClientMessage, DeliveryReport, LogEntry } from "~protocol"
import { createConversationClient } from "~views/conversation-client"
import type { Wire } from "~views/conversation-protocol"
import { createRoundTripReports } from "~views/round-trip-reports"

import { clientOptions } from "./support/client-options"
import { FakeBackground } from "./support/fake-background"

async function advance(ms: number) {
  await jest.advanceTimersByTimeAsync(ms)
  await flushPorts()
}

beforeEach(() => jest.useFakeTimers())
afterEach(() => {
  jest.useRealTimers()
  jest.restoreAllMocks()
})

/** A view on the real background whose incoming `noted` can be lost. */
function setup() {
  const background = new FakeBackground(20)
  const lose = { noted: false }
  const openPort = (): ClientPort<Wire> => {
    const port = background.connect() as unknown as FakePortEnd
    const emit = port.onMessage.emit.bind(port.onMessage)
    port.onMessage.emit = (message, end) => {
      if (lose.noted && (message as { type?: string }).type === "noted") return
      emit(message, end)
    }
    return port as unknown as ClientPort<Wire>
  }
  const controller = createConversationClient(clientOptions(openPort))
  /** The ids of every `delivered` batch this view posted, per batch. */
  const batches = () =>
    background.clients.flatMap((port) =>
      port.sent
        .map((m) => (m as { body: ClientMessage }).body)
        .filter((body) => body.type === "delivered")
        .map((body) => body.reports.map((r) => r.id))
    )
  /** Storage writes that gave message `id`'s entry its round trip. */
  const set = jest.spyOn(background.area, "set")
  const rttWrites = (id: string) =>
    set.mock.calls.filter(([items]) =>
      Object.values(items).some(
        (v) => (v as LogEntry).id === id && (v as LogEntry).rttMs !== undefined
      )
    ).length
  return { background, controller, lose, batches, rttWrites }
}

describe("round-trip reports and their noted", () => {
  it("re-sends a batch whose port died before its noted, and it is stored once", async () => {
    const { background, controller, lose, batches, rttWrites } = setup()
    controller.connect()
    await flushPorts()
    lose.noted = true
    controller.send("one")
    await advance(250)
    expect(batches()).toEqual([["m1"]])
    await background.store.settled()
    expect(rttWrites("m1")).toBe(1)

    // The worker restarts before the view heard the noted.
    lose.noted = false
    background.stopWorker()
    await advance(0)
    expect(controller.getSnapshot().status).toBe("connected")
    await advance(250)
    expect(batches()).toEqual([["m1"], ["m1"]])
    await background.store.settled()
    expect(rttWrites("m1")).toBe(1)

    // Noted this time: a further drop sends nothing again.
    background.stopWorker()
    await advance(300)
    expect(controller.getSnapshot().status).toBe("connected")
    expect(batches()).toEqual([["m1"], ["m1"]])
  })

  it("sends nothing again after the noted arrived", async () => {
    const { background, controller, batches } = setup()
    controller.connect()
    await flushPorts()
    controller.send("one")
    await advance(250)
    background.stopWorker()
    await advance(300)
    expect(controller.getSnapshot().status).toBe("connected")
    controller.send("two")
    await advance(250)
    expect(batches()).toEqual([["m1"], ["m2"]])
  })
})

describe("createRoundTripReports", () => {
  function reportsOn() {
    const posted: DeliveryReport[][] = []
    let open = true
    const reports = createRoundTripReports({
      post: (message) => {
        if (message.type === "delivered") posted.push(message.reports)
        return true
      },
      isOpen: () => open
    })
    const ids = () => posted.map((batch) => batch.map((r) => r.id))
    return { reports, posted, ids, setOpen: (o: boolean) => (open = o) }
  }

  it("drops nothing on a noted of the wrong size, and warns once", async () => {
    const warn = jest.spyOn(console, "warn").mockImplementation(() => {})
    const { reports, ids } = reportsOn()
    reports.add("a", 1)
    reports.add("b", 2)
    await advance(250)
    reports.noted(1)
    reports.noted(3)
    expect(warn).toHaveBeenCalledTimes(1)
    reports.closed()
    reports.opened()
    await advance(250)
    expect(ids()).toEqual([
      ["a", "b"],
      ["a", "b"]
    ])
  })

  it("re-sends unanswered batches first, oldest first, and holds 500 at most", async () => {
    const { reports, ids, setOpen } = reportsOn()
    reports.add("early", 1)
    await advance(250)
    reports.closed()
    setOpen(false)
    for (let i = 0; i < 500; i++) reports.add(`r${i}`, 1)
    setOpen(true)
    reports.opened()
    await advance(250)
    const resent = ids().slice(1).flat()
    // The oldest report went to keep the bound; the rest keep their order.
    expect(resent).toHaveLength(500)
    expect(resent.slice(0, 2)).toEqual(["r0", "r1"])
    expect(resent.at(-1)).toBe("r499")
    expect(
      ids()
        .slice(1)
        .map((b) => b.length)
    ).toEqual([100, 100, 100, 100, 100])
  })

  it("rounds a round trip to 0.1 ms", async () => {
    const { reports, posted } = reportsOn()
    reports.add("a", 1.26)
    await advance(250)
    expect(posted).toEqual([[{ id: "a", rttMs: 1.3 }]])
  })
})
