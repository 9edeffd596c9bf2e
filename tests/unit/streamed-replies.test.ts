import { flushPorts } from "mv3-port/testing"

import { replyChunks } from "~background/reply-chunks"
import { replyText } from "~protocol"

import { FakeBackground } from "./support/fake-background"
import { hello } from "./support/view-end"

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

const TEXT = "one two three four five six seven"
const REPLY = replyText(TEXT)
const CHUNKS = replyChunks(REPLY)

type Stream = {
  type: string
  id: string
  index?: number
  data?: unknown
  code?: string
}

/** A view's raw port to the fake background, welcomed. */
async function view(background: FakeBackground, clientId = "view-1") {
  const kind = clientId === "view-1" ? "popup" : "sidepanel"
  const v = await hello(background, clientId, kind)
  /** Opens the reply stream to TEXT as message "s1", package stream `id`. */
  const open = (next: number, upTo: number, id = "p1", text = TEXT) =>
    v.raw({
      k: "stream",
      id,
      name: "reply",
      input: { id: id === "p1" ? "s1" : id, text },
      next,
      upTo
    })
  const st = (m: object) => v.raw({ k: "st", m })
  /** Stream messages of `type` that came back. */
  const of = (type: string) =>
    v
      .ofKind("st")
      .map((m) => m.m as Stream)
      .filter((m) => m.type === type)
  return { ...v, open, st, of }
}

/** Lets `ms` of chunk pacing pass, and the ports deliver. */
async function pass(ms: number) {
  await jest.advanceTimersByTimeAsync(ms)
  await flushPorts(40)
}

describe("a streamed reply", () => {
  it("stops when its view's port goes while the worker runs", async () => {
    const background = new FakeBackground()
    const v = await view(background)
    await pass(1000)
    const idle = jest.getTimerCount()
    v.open(0, 50)
    await pass(40 * 2)
    expect(v.of("stream-chunk")).toHaveLength(3)
    expect(jest.getTimerCount()).toBe(idle + 1)
    v.port.disconnect()
    await pass(0)
    // No timer is left pacing a reply nobody receives.
    expect(jest.getTimerCount()).toBe(idle)
  })

  it("sends its first chunk at once and paces the rest", async () => {
    const background = new FakeBackground()
    const v = await view(background)
    v.open(0, 50)
    await pass(0)
    expect(v.of("stream-chunk").map((c) => c.index)).toEqual([0])
    await pass(39)
    expect(v.of("stream-chunk")).toHaveLength(1)
    await pass(1)
    expect(v.of("stream-chunk")).toHaveLength(2)
  })

  it("takes a pace changed in the options from the next chunk on", async () => {
    let pace = 40
    const background = new FakeBackground(2000, 100_000_000, {
      streamChunkMs: () => pace
    })
    const v = await view(background)
    v.open(0, 50)
    await pass(40)
    expect(v.of("stream-chunk")).toHaveLength(2)
    pace = 500
    // The pause already running keeps its length; the next one is longer.
    await pass(40)
    expect(v.of("stream-chunk")).toHaveLength(3)
    await pass(499)
    expect(v.of("stream-chunk")).toHaveLength(3)
    await pass(1)
    expect(v.of("stream-chunk")).toHaveLength(4)
  })

  it("comes in chunks within the view's grant, and is recorded by the send that follows it", async () => {
    const background = new FakeBackground()
    const v = await view(background)
    v.open(0, 3)
    await pass(40 * 10)
    // Never past the grant.
    expect(v.of("stream-chunk").map((c) => c.index)).toEqual([0, 1, 2])
    v.st({ type: "stream-grant", id: "p1", next: 3, upTo: 50 })
    await pass(40 * 20)
    expect(
      v
        .of("stream-chunk")
        .map((c) => c.data)
        .join("")
    ).toBe(REPLY)
    expect(v.of("stream-end")).toEqual([
      { type: "stream-end", id: "p1", count: CHUNKS.length }
    ])
    expect(await background.processedIds()).toEqual([])
    v.st({ type: "stream-done", id: "p1", count: CHUNKS.length })
    v.request("send", { id: "s1", text: TEXT })
    await pass(0)
    const [answer] = v.ofKind("res").map((m) => m.output)
    expect(answer).toMatchObject({ id: "s1", text: TEXT, reply: REPLY })
    expect(answer).not.toHaveProperty("stopped")
  })

  it("shows live in the other views, and reaches them as the recorded entry", async () => {
    const background = new FakeBackground()
    const v = await view(background)
    const other = await view(background, "view-2")
    const tab = await hello(background, "t1", "tab")
    v.open(0, 50)
    await pass(40 * 3)
    const progress = other.events("progress")
    expect(progress.length).toBeGreaterThan(0)
    expect(progress.at(-1)).toMatchObject({
      id: "s1",
      from: { clientId: "view-1", kind: "popup" },
      text: TEXT,
      reply: CHUNKS.slice(0, progress.length).join("")
    })
    expect(v.events("progress")).toEqual([])
    expect(tab.events("progress")).toEqual([])
    await pass(40 * 20)
    v.request("send", { id: "s1", text: TEXT })
    await pass(0)
    expect(other.events("entry").at(-1)).toMatchObject({
      id: "s1",
      reply: REPLY
    })
  })

  it("goes on after a worker stop from where the view stands, with the same chunks and no pauses for those it has", async () => {
    const background = new FakeBackground()
    const first = await view(background)
    first.open(0, 50)
    await pass(40 * 3)
    const kept = first.of("stream-chunk").map((c) => c.data)
    expect(kept.length).toBe(4)
    background.stopWorker()
    const again = await view(background)
    const other = await view(background, "view-2")
    again.open(kept.length, kept.length + 50)
    await pass(0)
    // The first chunk it lacks comes after one pause, not after four.
    expect(again.of("stream-chunk")).toEqual([])
    await pass(40)
    const rest = again.of("stream-chunk")
    expect(rest.map((c) => c.index)).toEqual([kept.length])
    await pass(40 * 20)
    expect(
      [...kept, ...again.of("stream-chunk").map((c) => c.data)].join("")
    ).toBe(REPLY)
    // The others see it go on, not start over.
    expect(other.events("progress")[0]).toMatchObject({
      reply: CHUNKS.slice(0, kept.length + 1).join("")
    })
    again.request("send", { id: "s1", text: TEXT })
    await pass(0)
    expect(again.ofKind("res").map((m) => m.output)).toMatchObject([
      { id: "s1", reply: REPLY }
    ])
    expect(await background.processedIds()).toEqual(["s1"])
  })

  it("stopped by the user keeps what the view had, recorded as stopped, also when the answer is re-sent", async () => {
    const background = new FakeBackground()
    const v = await view(background)
    v.open(0, 50)
    await pass(40 * 3)
    v.st({ type: "stream-cancel", id: "p1", code: "stopped" })
    v.request("send", { id: "s1", text: TEXT, kept: 2 })
    await pass(40 * 10)
    const partial = CHUNKS.slice(0, 2).join("")
    expect(v.ofKind("res").map((m) => m.output)).toMatchObject([
      { id: "s1", reply: partial, stopped: true }
    ])
    const sent = v.of("stream-chunk").length
    await pass(40 * 10)
    expect(v.of("stream-chunk")).toHaveLength(sent)
    // The answer was lost with the port: the view sends it again.
    background.stopWorker()
    const again = await view(background)
    again.request("send", { id: "s1", text: TEXT, kept: 2 })
    await pass(0)
    expect(again.ofKind("res").map((m) => m.output)).toMatchObject([
      { id: "s1", reply: partial, stopped: true }
    ])
  })

  it("refuses a second stream in the same view, and a text the log would refuse", async () => {
    const background = new FakeBackground(20)
    const v = await view(background)
    v.open(0, 50, "p1", "a b c d e f g h")
    v.open(0, 50, "p2", "other")
    v.open(0, 50, "p3", "  ")
    await pass(0)
    expect(v.of("stream-cancel").map((m) => [m.id, m.code])).toEqual([
      ["p2", "stream-running"],
      ["p3", "stream-running"]
    ])
    await pass(40 * 20)
    expect(v.of("stream-end").map((m) => m.id)).toEqual(["p1"])
    v.open(0, 50, "p4", "x".repeat(21))
    v.open(0, 50, "p5", "  ")
    await pass(0)
    expect(v.of("stream-cancel").map((m) => [m.id, m.code])).toEqual([
      ["p2", "stream-running"],
      ["p3", "stream-running"],
      ["p4", "text-too-long"],
      ["p5", "empty-text"]
    ])
  })
})

describe("replyChunks", () => {
  it("cuts a reply into its opening, then words, at most 100 chunks, and back into the same text", () => {
    expect(replyChunks('Background received: "a b c"')).toEqual([
      'Background received: "a ',
      "b ",
      'c"'
    ])
    expect(replyChunks("one")).toEqual(["one"])
    const long = replyText("w ".repeat(1000).trim())
    const chunks = replyChunks(long)
    expect(chunks.length).toBeLessThanOrEqual(100)
    expect(chunks.join("")).toBe(long)
  })
})
