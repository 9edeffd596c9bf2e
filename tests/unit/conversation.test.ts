import { causeText, failureText, sendRefusalText } from "~text/wording"
import type {
  ConversationSnapshot,
  OwnMessage
} from "~views/conversation-types"
import type { LogChange } from "~views/log-feed"

import { chunksOf, replyOf } from "./support/conversation-worker"
import {
  createConversationWorker,
  settle,
  testConversation
} from "./support/test-conversation"

/** What a listed message shows: its text, state and (when failed) why. */
const shown = (message: OwnMessage) => ({
  id: message.id,
  text: message.text,
  state: message.state,
  attempts: message.attempts,
  error: message.state === "failed" ? failureText(message.failure) : undefined
})
const listedOf = (snapshot: ConversationSnapshot) =>
  snapshot.messages.map(shown)
const noticeOf = (snapshot: ConversationSnapshot) =>
  snapshot.notice && sendRefusalText(snapshot.notice)

async function connected(options: Parameters<typeof testConversation>[0] = {}) {
  const view = testConversation(options)
  const state = () => view.model.getSnapshot()
  view.model.connect()
  await settle()
  return { ...view, state }
}

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

describe("connecting", () => {
  it("starts disconnected, opens no port until Connect, then shows presence", async () => {
    const view = testConversation()
    expect(view.model.getSnapshot()).toMatchObject({
      status: "disconnected",
      canSend: false,
      presence: null
    })
    expect(view.worker.clients).toHaveLength(0)
    view.model.connect()
    expect(view.model.getSnapshot()).toMatchObject({
      status: "connecting",
      canSend: true
    })
    await settle()
    expect(view.model.getSnapshot()).toMatchObject({
      status: "connected",
      presence: { count: 1, kinds: { popup: 1 } }
    })
  })

  it("says why it dropped, and connects again only on demand after Disconnect", async () => {
    const { model, worker, state } = await connected()
    model.disconnect()
    await settle(60_000)
    expect(state().status).toBe("disconnected")
    expect(causeText(model.port.state.cause!)).toBe("You disconnected.")
    expect(worker.clients).toHaveLength(1)
    model.connect()
    await settle()
    expect(state().status).toBe("connected")
  })
})

describe("sending", () => {
  it("sends trimmed text under a fresh id and shows the reply", async () => {
    const { model, state, worker } = await connected()
    const sent = model.send("  hi  ")
    expect(sent.ok).toBe(true)
    expect(listedOf(state())[0]).toMatchObject({ text: "hi", state: "sending" })
    await settle()
    expect(listedOf(state())[0]).toMatchObject({
      state: "replied",
      attempts: 1
    })
    expect(state().response).toEqual({ kind: "reply", text: replyOf("hi") })
    expect(worker.posted("send")).toEqual([
      { id: sent.ok && sent.id, text: "hi" }
    ])
    expect(state().totals).toEqual({ sent: 1, replied: 1, failed: 0 })
  })

  it("refuses empty, too long, and unconnected sends with a notice", async () => {
    const view = testConversation()
    const refused = view.model.send("hi")
    expect(refused).toEqual({ ok: false, refusal: { code: "not-connected" } })
    view.model.connect()
    await settle()
    const state = () => view.model.getSnapshot()
    expect(view.model.send("   ").ok).toBe(false)
    expect(noticeOf(state())).toBe("Type a message first.")
    expect(view.model.send("x".repeat(21)).ok).toBe(false)
    expect(noticeOf(state())).toMatch(/limit is 20/)
    expect(view.worker.posted("send")).toHaveLength(0)
    view.model.send("ok")
    expect(noticeOf(state())).toBeNull()
  })

  it("queues messages sent while connecting and sends them in order once welcomed", async () => {
    const { model } = testConversation()
    model.connect()
    model.send("one")
    model.send("two")
    const states = () => model.getSnapshot().messages.map((m) => m.state)
    expect(states()).toEqual(["queued", "queued"])
    await settle()
    expect(states()).toEqual(["replied", "replied"])
  })

  it("re-sends what was in flight when the worker stopped: posted twice, recorded once", async () => {
    const { model, state, worker } = await connected()
    model.send("one")
    worker.worker.stop()
    await settle(0)
    await settle(300)
    expect(listedOf(state())).toMatchObject([
      { text: "one", state: "replied", attempts: 2 }
    ])
    expect(worker.posted("send")).toHaveLength(2)
    expect(worker.log.map((e) => e.text)).toEqual(["one"])
  })

  it("bounds the queue while reconnecting: one more fails at once, visibly", async () => {
    const { model, state, worker } = await connected()
    worker.reachable = false
    worker.worker.stop()
    await settle()
    for (let i = 1; i <= 6; i++) model.send(`q${i}`)
    await settle()
    const listed = listedOf(state())
    expect(listed.map((m) => m.state)).toEqual([
      ...Array(5).fill("queued"),
      "failed"
    ])
    expect(listed[5].error).toMatch(/Too many messages waiting/)
  })

  it("fails what waits when reconnecting gives up; Retry sends it again under its id", async () => {
    const { model, state, worker } = await connected()
    worker.reachable = false
    worker.worker.stop()
    model.send("lost?")
    await settle(5000)
    expect(state().status).toBe("failed")
    const [lost] = listedOf(state())
    expect(lost).toMatchObject({
      state: "failed",
      error: "The connection could not be re-established."
    })
    worker.reachable = true
    model.connect()
    await settle()
    model.retry(lost.id)
    await settle()
    expect(listedOf(state())).toMatchObject([{ id: lost.id, state: "replied" }])
    // Every post of it, the one lost with the worker too, carries its id.
    const posts = worker.posted("send") as Array<{ id: string }>
    expect(new Set(posts.map((p) => p.id))).toEqual(new Set([lost.id]))
    expect(worker.log.map((e) => e.id)).toEqual([lost.id])
  })

  it("shows the worker's refusal in #response and fails the message", async () => {
    const { model, state } = await connected({
      worker: createConversationWorker({ maxTextLength: 10 })
    })
    // The worker's limit (10) is stricter than this view's (20).
    model.send("x".repeat(15))
    await settle()
    expect(listedOf(state())[0].error).toMatch(/^The message is too long/)
    expect(state().response).toEqual({
      kind: "error",
      error: { code: "text-too-long", limit: 10 }
    })
  })
})

describe("the streamed reply", () => {
  it("shows the reply as it grows, then records it", async () => {
    const worker = createConversationWorker({ chunkMs: 40 })
    const { model, state } = await connected({ worker })
    model.send("a b", { stream: true })
    await settle(40)
    expect(state().streaming?.text).toBe(chunksOf("a b")[0])
    expect(state().response).toMatchObject({ kind: "reply" })
    await settle(400)
    expect(state().streaming).toBeNull()
    expect(state().response).toEqual({ kind: "reply", text: replyOf("a b") })
    expect(worker.log).toMatchObject([{ text: "a b", reply: replyOf("a b") }])
  })

  it("Stop ends it and records what arrived, marked stopped", async () => {
    const worker = createConversationWorker({ chunkMs: 40 })
    const { model, state } = await connected({ worker })
    const sent = model.send("a b c", { stream: true })
    await settle(40)
    await settle(40)
    model.stop()
    await settle()
    const kept = chunksOf("a b c").slice(0, 2).join("")
    expect(state().response).toEqual({
      kind: "reply",
      text: kept,
      stopped: true
    })
    expect(worker.posted("send")).toEqual([
      { id: sent.ok && sent.id, text: "a b c", kept: 2 }
    ])
    expect(worker.log).toMatchObject([{ reply: kept, stopped: true }])
  })

  it("refuses a second streamed reply while one runs", async () => {
    const worker = createConversationWorker({ chunkMs: 40 })
    const { model, state } = await connected({ worker })
    model.send("a b", { stream: true })
    await settle()
    expect(model.send("c", { stream: true }).ok).toBe(false)
    expect(noticeOf(state())).toBeTruthy()
  })
})

describe("file upload", () => {
  it("sends the file in chunks, shows progress, and records it", async () => {
    const { model, state, worker } = await connected()
    const file = new File(["x".repeat(3000)], "notes.txt")
    expect(model.sendFile(file).ok).toBe(true)
    expect(state().uploading).toMatchObject({ name: "notes.txt", size: 3000 })
    await settle(10)
    await settle(10)
    expect(state().uploading).toBeNull()
    expect(state().response).toMatchObject({ kind: "reply" })
    expect(worker.log).toMatchObject([{ text: "notes.txt", bytes: 3000 }])
  })

  it("Cancel stops it: the message fails as cancelled", async () => {
    const { model, state } = await connected()
    model.sendFile(new File(["x".repeat(3000)], "big.bin"))
    model.cancelUpload()
    await settle()
    expect(state().uploading).toBeNull()
    expect(listedOf(state())[0]).toMatchObject({ state: "failed" })
    expect(listedOf(state())[0].error).toMatch(/cancel/i)
  })

  it("refuses an empty or too large file with a notice", async () => {
    const { model, state } = await connected()
    expect(model.sendFile(new File([], "empty")).ok).toBe(false)
    expect(noticeOf(state())).toBeTruthy()
    expect(model.sendFile(new File(["x".repeat(10_001)], "big")).ok).toBe(false)
  })
})

describe("the shared log", () => {
  it("hears its own reply, other views' entries, round trips, and Clear", async () => {
    const worker = createConversationWorker()
    const popup = await connected({ worker, kind: "popup" })
    const panel = await connected({ worker, kind: "sidepanel" })
    const heard: LogChange[] = []
    panel.model.onLog((change) => heard.push(change))
    popup.model.send("hi")
    await settle()
    expect(heard.map((c) => c.kind)).toEqual(["entry"])
    // The popup's round trip goes out a little after its reply, in one batch.
    await settle(250)
    expect(worker.posted("delivered")).toHaveLength(1)
    expect(heard.at(-1)).toMatchObject({ kind: "entry" })
    expect(worker.log[0].rttMs).toBeGreaterThanOrEqual(0)
    popup.model.clear()
    await settle()
    expect(heard.at(-1)).toEqual({ kind: "cleared" })
    expect(worker.log).toEqual([])
  })

  it("says to reload the log on every (re)connect", async () => {
    const view = testConversation()
    const heard: string[] = []
    view.model.onLog((change) => heard.push(change.kind))
    view.model.connect()
    await settle()
    view.worker.worker.stop()
    await settle(300)
    expect(heard).toEqual(["reload", "reload"])
  })

  it("a tab shares no round trips", async () => {
    const { model, worker } = await connected({ kind: "tab" })
    model.send("hi")
    await settle(1000)
    expect(worker.posted("delivered")).toEqual([])
  })
})

describe("what the view lists", () => {
  it("lists every message not yet answered, however many", async () => {
    const worker = createConversationWorker({ holdReplies: true })
    const { model, state } = await connected({ worker })
    for (let i = 0; i < 5; i++) model.send(`m${i}`)
    await settle()
    expect(state().messages).toHaveLength(5)
    expect(state().messages.every((m) => m.state === "sending")).toBe(true)
    worker.release()
    await settle()
    expect(state().messages.every((m) => m.state === "replied")).toBe(true)
  })
})
