import { flushPorts } from "mv3-port/testing"

import { trafficOf } from "~background/inspector/mirror"
import { INSPECTOR_EVENTS, type MessageRow, type ViewLine } from "~protocol"

import { FakeBackground } from "./support/fake-background"
import { hello } from "./support/view-end"

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

type Inspector = Awaited<ReturnType<typeof hello>>

/** Lets the mirror's batches go out and the ports deliver them, until all is quiet. */
async function nextBatch(): Promise<void> {
  for (let round = 0; round < 3; round++) {
    await flushPorts(50)
    jest.advanceTimersByTime(100)
  }
  await flushPorts(50)
}

/** Every row the inspector was sent, checked by the protocol's own guard. */
function rowsOf(inspector: Inspector) {
  const messages: MessageRow[] = []
  const views: ViewLine[] = []
  for (const data of inspector.events("traffic")) {
    if (!INSPECTOR_EVENTS.traffic(data)) {
      throw new Error(`unparsed: ${JSON.stringify(data)}`)
    }
    messages.push(...data.messages)
    views.push(...data.views)
  }
  return { messages, views }
}

describe("the inspector's mirror", () => {
  it("mirrors nothing and taps nothing while no inspector is connected", async () => {
    const background = new FakeBackground()
    const popup = await hello(background, "p1")
    popup.request("send", { id: "m1", text: "hi" })
    await nextBatch()
    expect(background.server.inspector.active).toBe(false)
    expect(popup.events("traffic")).toEqual([])
    expect(popup.events("inspecting")).toEqual([])
  })

  it("tells a devtools view it is inspecting, after its welcome", async () => {
    const background = new FakeBackground()
    const panel = await hello(background, "d1", "devtools")
    expect(panel.kinds()).toEqual(["welcome", "inspecting", "presence"])
    expect(panel.events("inspecting")).toEqual([
      { workerStartedAt: expect.any(Number) }
    ])
    expect(background.server.inspector.active).toBe(true)
  })

  it("shows each message in and out with its view, type, app id, size and round trip", async () => {
    const background = new FakeBackground()
    const popup = await hello(background, "p1")
    const panel = await hello(background, "d1", "devtools")
    const input = { id: "m1", text: "héllo" }
    const packageId = popup.request("send", input)
    await nextBatch()
    const { messages, views } = rowsOf(panel)
    const popupView = { clientId: "p1", kind: "popup" }
    expect(views.map((line) => [line.event, line.view?.clientId])).toEqual([
      ["present", "p1"],
      ["joined", "d1"]
    ])
    const sent = { k: "req", id: packageId, name: "send", input }
    const send = messages.find((row) => row.type === "send")!
    expect(send).toMatchObject({
      view: popupView,
      direction: "in",
      id: "m1",
      bytes: Buffer.byteLength(JSON.stringify(sent)),
      preview: JSON.stringify(sent)
    })
    expect(JSON.parse(send.preview)).toEqual(sent)
    const reply = messages.find((row) => row.type === "reply")!
    expect(reply).toMatchObject({ view: popupView, direction: "out", id: "m1" })
    expect(reply.rttMs).toBeGreaterThanOrEqual(0)
    expect(reply.bytes).toBe(
      Buffer.byteLength(JSON.stringify(popup.ofKind("res")[0]))
    )
    // The entry sent to the inspector itself is traffic too; the mirror's own events are not.
    expect(
      messages.some(
        (row) => row.type === "entry" && row.view?.clientId === "d1"
      )
    ).toBe(true)
    expect(
      messages.some(
        (row) => row.type === "traffic" || row.type === "inspecting"
      )
    ).toBe(false)
    // Rows keep the order the background saw them in.
    const seqs = [...messages, ...views]
      .map((row) => row.seq)
      .sort((a, b) => a - b)
    expect(new Set(seqs).size).toBe(seqs.length)
    expect(send.seq).toBeLessThan(reply.seq)
  })

  it("names a refusal's row by the app id of the request it answers", async () => {
    const background = new FakeBackground()
    const popup = await hello(background, "p1")
    const panel = await hello(background, "d1", "devtools")
    popup.request("send", { id: "m1", text: "   " })
    await nextBatch()
    const { messages } = rowsOf(panel)
    expect(messages.find((row) => row.type === "error")).toMatchObject({
      direction: "out",
      id: "m1",
      rttMs: expect.any(Number)
    })
  })

  it("shows what it could not read as a row of unknown type, answered", async () => {
    const background = new FakeBackground()
    const panel = await hello(background, "d1", "devtools")
    const popup = await hello(background, "p1")
    popup.raw("not a message")
    await nextBatch()
    const { messages } = rowsOf(panel)
    expect(messages.find((row) => row.type === "?")).toMatchObject({
      direction: "in",
      view: { clientId: "p1", kind: "popup" },
      preview: ""
    })
    expect(
      messages.some(
        (row) => row.type === "error" && row.view?.clientId === "p1"
      )
    ).toBe(true)
  })

  it("shows views joining and leaving, and stops when the last inspector leaves", async () => {
    const background = new FakeBackground()
    const panel = await hello(background, "d1", "devtools")
    const popup = await hello(background, "p1")
    popup.port.disconnect()
    await nextBatch()
    expect(
      rowsOf(panel).views.map((line) => [line.event, line.view?.kind])
    ).toEqual([
      ["joined", "devtools"],
      ["joined", "popup"],
      ["left", "popup"]
    ])
    panel.port.disconnect()
    await flushPorts(50)
    expect(background.server.inspector.active).toBe(false)
    const later = await hello(background, "d2", "devtools")
    await nextBatch()
    // A new inspector starts from now: nothing of what happened before it.
    expect(rowsOf(later).views.map((line) => line.view?.clientId)).toEqual([
      "d2"
    ])
  })

  it("lists a refused port with its reason and origin, never a view", async () => {
    const background = new FakeBackground()
    const panel = await hello(background, "d1", "devtools")
    background.server.refused({ url: "https://evil.example/x" }, "untrusted")
    await nextBatch()
    expect(rowsOf(panel).views.at(-1)).toMatchObject({
      event: "refused",
      view: null,
      cause: "untrusted",
      origin: "https://evil.example"
    })
  })

  it("sends its events to devtools views only", async () => {
    const background = new FakeBackground()
    const popup = await hello(background, "p1")
    const tab = await hello(background, "t1", "tab")
    await hello(background, "d1", "devtools")
    popup.request("send", { id: "m1", text: "hi" })
    await nextBatch()
    for (const view of [popup, tab]) {
      expect(view.events("traffic")).toEqual([])
      expect(view.events("inspecting")).toEqual([])
    }
  })
})

describe("trafficOf", () => {
  const line = (seq: number): ViewLine => ({
    seq,
    at: 0,
    view: null,
    event: "refused"
  })

  it("keeps the newest rows within its limit and says how many it dropped", () => {
    const rows = Array.from({ length: 3000 }, (_, seq) => line(seq))
    const sent = trafficOf(rows, 1000)
    expect(sent.map((b) => b.views.length)).toEqual([500, 500])
    expect(sent[0].views[0].seq).toBe(2000)
    expect(sent.map((b) => b.dropped)).toEqual([2000, 0])
    expect(trafficOf([], 1000)).toEqual([])
    expect(trafficOf([], 1000, 3)).toEqual([
      { messages: [], views: [], dropped: 3 }
    ])
  })
})
