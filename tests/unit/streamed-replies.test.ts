import { flushPorts } from "mv3-port/testing"

import { replyChunks } from "~background/streamed-replies"
import { replyText } from "~protocol"

import { FakeBackground } from "./support/fake-background"
import { rawView } from "./support/raw-view"

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

const TEXT = "one two three four five six seven"
const REPLY = replyText(TEXT)
const CHUNKS = replyChunks(REPLY)

/** A view's raw port to the fake background, welcomed. */
async function view(background: FakeBackground, clientId = "view-1") {
  const kind = clientId === "view-1" ? "popup" : "sidepanel"
  const { port, got, post, of } = rawView(background, clientId, kind)
  await flushPorts()
  /** Sends TEXT as message "s1", its reply streamed from `stream`. */
  const sendStreamed = (stream: object) =>
    post({ type: "send", id: "s1", text: TEXT, stream })
  return { port, got, post, of, sendStreamed }
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
    v.sendStreamed({ next: 0, upTo: 50 })
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
    v.sendStreamed({ next: 0, upTo: 50 })
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
    v.sendStreamed({ next: 0, upTo: 50 })
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

  it("comes in chunks within the view's grant, and ends as the normal reply once the view has it all", async () => {
    const background = new FakeBackground()
    const v = await view(background)
    v.sendStreamed({ next: 0, upTo: 3 })
    await pass(40 * 10)
    // Never past the grant.
    expect(v.of("stream-chunk").map((c) => c.index)).toEqual([0, 1, 2])
    v.post({ type: "stream-grant", id: "s1", next: 3, upTo: 50 })
    await pass(40 * 20)
    const chunks = v.of("stream-chunk")
    expect(chunks.map((c) => c.data).join("")).toBe(REPLY)
    expect(v.of("stream-end")).toEqual([
      { type: "stream-end", id: "s1", count: CHUNKS.length }
    ])
    expect(v.of("reply")).toEqual([])
    v.post({ type: "stream-done", id: "s1", count: CHUNKS.length })
    await pass(0)
    expect(v.of("reply")).toMatchObject([
      { id: "s1", text: TEXT, reply: REPLY }
    ])
    expect(v.of("reply")[0]).not.toHaveProperty("stopped")
  })

  it("shows live in the other views, and reaches them as the recorded entry", async () => {
    const background = new FakeBackground()
    const v = await view(background)
    const other = await view(background, "view-2")
    v.sendStreamed({ next: 0, upTo: 50 })
    await pass(40 * 3)
    const progress = other.of("stream-progress")
    expect(progress.length).toBeGreaterThan(0)
    expect(progress.at(-1)).toMatchObject({
      id: "s1",
      from: { clientId: "view-1", kind: "popup" },
      text: TEXT,
      reply: CHUNKS.slice(0, progress.length).join("")
    })
    await pass(40 * 20)
    v.post({ type: "stream-done", id: "s1", count: CHUNKS.length })
    await pass(0)
    expect(other.of("relay").at(-1)?.entry).toMatchObject({
      id: "s1",
      reply: REPLY
    })
  })

  it("goes on after a worker stop from where the view's re-send says, with the same chunks", async () => {
    const background = new FakeBackground()
    const first = await view(background)
    first.sendStreamed({ next: 0, upTo: 50 })
    await pass(40 * 3)
    const kept = first.of("stream-chunk").map((c) => c.data)
    expect(kept.length).toBeGreaterThan(0)
    expect(kept.length).toBeLessThan(CHUNKS.length)
    background.stopWorker()
    const again = await view(background)
    again.sendStreamed({ next: kept.length, upTo: kept.length + 50 })
    await pass(40 * 20)
    const rest = again.of("stream-chunk")
    expect(rest[0].index).toBe(kept.length)
    expect([...kept, ...rest.map((c) => c.data)].join("")).toBe(REPLY)
    again.post({ type: "stream-done", id: "s1", count: CHUNKS.length })
    await pass(0)
    expect(again.of("reply")).toMatchObject([{ id: "s1", reply: REPLY }])
    expect(await background.processedIds()).toEqual(["s1"])
  })

  it("stopped by the user keeps what the view had, recorded as stopped, also when the answer is re-sent", async () => {
    const background = new FakeBackground()
    const v = await view(background)
    v.sendStreamed({ next: 0, upTo: 50 })
    await pass(40 * 3)
    v.post({ type: "stream-cancel", id: "s1", code: "stopped", kept: 2 })
    await pass(40 * 10)
    const partial = CHUNKS.slice(0, 2).join("")
    expect(v.of("reply")).toMatchObject([
      { id: "s1", reply: partial, stopped: true }
    ])
    const sent = v.of("stream-chunk").length
    await pass(40 * 10)
    expect(v.of("stream-chunk")).toHaveLength(sent)
    // The reply was lost with the port: the re-send says it was stopped.
    background.stopWorker()
    const again = await view(background)
    again.sendStreamed({ next: 2, upTo: 2, stopped: true })
    await pass(0)
    expect(again.of("reply")).toMatchObject([
      { id: "s1", reply: partial, stopped: true }
    ])
  })

  it("refuses a second stream in the same view and messages for a stream that is not running", async () => {
    const background = new FakeBackground()
    const v = await view(background)
    v.sendStreamed({ next: 0, upTo: 50 })
    v.post({
      type: "send",
      id: "s2",
      text: "other",
      stream: { next: 0, upTo: 50 }
    })
    v.post({ type: "stream-grant", id: "nope", next: 0, upTo: 4 })
    v.post({ type: "stream-done", id: "nope", count: 1 })
    await pass(0)
    expect(v.of("error")).toEqual([
      { type: "error", id: "s2", code: "stream-running" }
    ])
    expect(v.of("stream-error")).toEqual([
      { type: "stream-error", id: "nope", code: "stream-closed" },
      { type: "stream-error", id: "nope", code: "stream-closed" }
    ])
    // The first stream is untouched.
    await pass(40 * 20)
    expect(v.of("stream-end")).toHaveLength(1)
  })
})

describe("a streamed reply's done", () => {
  it("is refused with bad-count unless it counts every chunk, and the stream goes on", async () => {
    const background = new FakeBackground()
    const v = await view(background)
    v.sendStreamed({ next: 0, upTo: 50 })
    await pass(40 * 2)
    v.post({ type: "stream-done", id: "s1", count: 1 })
    await pass(0)
    expect(v.of("stream-error")).toEqual([
      { type: "stream-error", id: "s1", code: "bad-count" }
    ])
    expect(v.of("reply")).toEqual([])
    await pass(40 * 20)
    v.post({ type: "stream-done", id: "s1", count: CHUNKS.length })
    await pass(0)
    expect(v.of("reply")).toMatchObject([{ id: "s1", reply: REPLY }])
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
