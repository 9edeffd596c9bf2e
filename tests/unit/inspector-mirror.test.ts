import { flushPorts } from "mv3-port/testing"

import {
  bodyOf,
  describe as describeMessage,
  reportsOf
} from "~background/inspector/describe"
import { createRowBatch } from "~background/inspector/row-batch"
import {
  MAX_PREVIEW_LENGTH,
  parseServerMessage,
  type MessageRow,
  type ViewLine
} from "~protocol"

import { FakeBackground } from "./support/fake-background"
import { hello } from "./support/view-end"

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

type Inspector = Awaited<ReturnType<typeof hello>>

/** Lets the mirror's batches go out and the ports deliver them, until all is quiet. */
async function nextBatch(): Promise<void> {
  for (let round = 0; round < 3; round++) {
    await flushPorts()
    jest.advanceTimersByTime(100)
  }
  await flushPorts()
}

/** Every row the inspector was sent, checked by the views' own parser. */
function rowsOf(inspector: Inspector) {
  const messages: MessageRow[] = []
  const views: ViewLine[] = []
  for (const raw of inspector.ofType("traffic")) {
    const parsed = parseServerMessage(raw)
    if (parsed?.type !== "traffic")
      throw new Error(`unparsed: ${JSON.stringify(raw)}`)
    messages.push(...parsed.messages)
    views.push(...parsed.views)
  }
  return { messages, views }
}

describe("the inspector's mirror", () => {
  it("mirrors nothing and observes nothing while no inspector is connected", async () => {
    const background = new FakeBackground()
    const popup = await hello(background, "p1")
    popup.post({ type: "send", id: "m1", text: "hi" })
    await nextBatch()
    expect(background.server.inspector.active).toBe(false)
    expect(popup.ofType("traffic")).toEqual([])
    expect(popup.ofType("inspecting")).toEqual([])
  })

  it("tells a devtools view it is inspecting, after its welcome", async () => {
    const background = new FakeBackground()
    const panel = await hello(background, "d1", "devtools")
    expect(panel.received.map((m) => m.type)).toEqual(["welcome", "inspecting"])
    expect(panel.ofType("inspecting")[0]).toEqual({
      type: "inspecting",
      workerStartedAt: expect.any(Number)
    })
    expect(background.server.inspector.active).toBe(true)
  })

  it("shows each message in and out with its view, type, size and round trip", async () => {
    const background = new FakeBackground()
    const popup = await hello(background, "p1")
    const panel = await hello(background, "d1", "devtools")
    const body = { type: "send", id: "m1", text: "héllo" }
    popup.post(body)
    await nextBatch()
    const { messages, views } = rowsOf(panel)
    const popupView = { clientId: "p1", kind: "popup" }
    expect(views.map((line) => [line.event, line.view?.clientId])).toEqual([
      ["present", "p1"],
      ["joined", "d1"]
    ])
    const send = messages.find((row) => row.type === "send")!
    expect(send).toMatchObject({
      view: popupView,
      direction: "in",
      id: "m1",
      bytes: Buffer.byteLength(JSON.stringify(body)),
      preview: JSON.stringify(body)
    })
    const reply = messages.find((row) => row.type === "reply")!
    expect(reply).toMatchObject({ view: popupView, direction: "out", id: "m1" })
    expect(reply.rttMs).toBeGreaterThanOrEqual(0)
    expect(reply.bytes).toBe(
      Buffer.byteLength(JSON.stringify(popup.ofType("reply")[0]))
    )
    // The relay to the inspector itself is traffic too; the mirror's own messages are not.
    expect(
      messages.some(
        (row) => row.type === "relay" && row.view?.clientId === "d1"
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

  it("shows malformed input as it arrived, refused and answered", async () => {
    const background = new FakeBackground()
    const panel = await hello(background, "d1", "devtools")
    const popup = await hello(background, "p1")
    popup.raw("not an envelope")
    await nextBatch()
    const { messages } = rowsOf(panel)
    const bad = messages.find((row) => row.preview === '"not an envelope"')
    expect(bad).toMatchObject({ direction: "in", type: "?", bytes: 17 })
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
      rowsOf(panel).views.map((line) => [
        line.event,
        line.view?.kind,
        line.cause
      ])
    ).toEqual([
      ["joined", "devtools", undefined],
      ["joined", "popup", undefined],
      ["left", "popup", "closed"]
    ])
    panel.port.disconnect()
    await flushPorts()
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
    background.server.inspector.refused("untrusted", "https://evil.example")
    await nextBatch()
    expect(rowsOf(panel).views.at(-1)).toMatchObject({
      event: "refused",
      view: null,
      cause: "untrusted",
      origin: "https://evil.example"
    })
  })
})

describe("describe", () => {
  it("counts binary data by its size and shows it as its size", () => {
    const chunk = {
      type: "stream-chunk",
      id: "u1",
      index: 0,
      data: new Uint8Array(1000)
    }
    const described = describeMessage(chunk)
    const json =
      '{"type":"stream-chunk","id":"u1","index":0,"data":"<1000 bytes>"}'
    expect(described).toEqual({
      type: "stream-chunk",
      id: "u1",
      bytes: json.length + 1000,
      preview: json
    })
  })

  it("cuts a long preview and measures what has no JSON form as nothing", () => {
    const long = describeMessage({ type: "send", text: "x".repeat(1000) })
    expect(long.preview).toHaveLength(MAX_PREVIEW_LENGTH)
    expect(long.preview.endsWith("…")).toBe(true)
    const cyclic: Record<string, unknown> = { type: "send" }
    cyclic.self = cyclic
    expect(describeMessage(cyclic)).toEqual({ type: "send", preview: "" })
    expect(describeMessage({ type: 7, id: "" }).type).toBe("?")
  })

  it("takes a view's well-formed round-trip reports out of its delivered", () => {
    const body = {
      type: "delivered",
      reports: [
        { id: "m1", rttMs: 3.5 },
        { id: "", rttMs: 1 },
        { id: "m2", rttMs: -1 },
        "x"
      ]
    }
    expect(reportsOf(body)).toEqual([{ id: "m1", rttMs: 3.5 }])
    expect(reportsOf({ type: "send", reports: body.reports })).toEqual([])
  })

  it("reads a view's envelope for its body", () => {
    expect(
      bodyOf({ name: "popup-connection", body: { type: "ping" } })
    ).toEqual({ type: "ping" })
    expect(bodyOf("text")).toBe("text")
  })
})

describe("createRowBatch", () => {
  const row = (seq: number) => ({
    list: "views" as const,
    row: { seq, at: 0, view: null, event: "refused" as const }
  })

  it("keeps the newest rows within its limit and says how many it dropped", () => {
    const batch = createRowBatch(1000)
    for (let seq = 0; seq < 3000; seq++) batch.push(row(seq))
    const sent = batch.take()
    expect(sent.map((b) => b.views.length)).toEqual([500, 500])
    expect(sent[0].views[0].seq).toBe(2000)
    expect(sent.map((b) => b.dropped)).toEqual([2000, 0])
    expect(batch.take()).toEqual([])
  })
})
