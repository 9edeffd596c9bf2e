import { createHash } from "node:crypto"

import { uploadReply } from "~background/upload-hash"
import { uploadKey } from "~storage/upload-state"

import { FakeBackground } from "./support/fake-background"
import { rawView } from "./support/raw-view"

// Real timers: hash-wasm compiles its module asynchronously, off the microtask queue.

const CHUNK = 1024
/** 10.5 chunks: the last one is short. */
const SIZE = 10 * CHUNK + 512
const BYTES = Uint8Array.from({ length: SIZE }, (_, i) => (i * 31 + 7) % 251)
const SHA256 = createHash("sha256").update(BYTES).digest("hex")
const chunkOf = (index: number) =>
  BYTES.slice(index * CHUNK, (index + 1) * CHUNK).buffer
const COUNT = Math.ceil(SIZE / CHUNK)

/** Resolves once `check` holds (polling), or fails after a second. */
async function until(check: () => boolean, what = "condition"): Promise<void> {
  const deadline = Date.now() + 1000
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
}

/** A view's raw port to the fake background, welcomed, with upload steps. */
async function view(background: FakeBackground, clientId = "view-1") {
  const { port, got, post, of } = rawView(background, clientId)
  await until(() => got.some((m) => m.type === "welcome"), "the welcome")
  const open = (fields: object = {}) =>
    post({
      type: "upload",
      id: "u1",
      name: "data.bin",
      size: SIZE,
      chunkBytes: CHUNK,
      ...fields
    })
  const chunk = (index: number, data = chunkOf(index), id = "u1") =>
    post({ type: "stream-chunk", id, index, data })
  /** The last grant's `upTo`, once `next` reached `kept`. */
  const grantedPast = async (kept: number) => {
    await until(
      () => of("stream-grant").some((g) => g.next >= kept),
      `a grant from ${kept}`
    )
    return of("stream-grant").at(-1)!
  }
  /** Sends chunks `from` up to the end, within the grants, then the end. */
  const sendFrom = async (from: number) => {
    for (let index = from; index < COUNT; index++) {
      await until(
        () => of("stream-grant").some((g) => g.upTo > index),
        `credit for ${index}`
      )
      chunk(index)
    }
    post({ type: "stream-end", id: "u1", count: COUNT })
  }
  const errors = () =>
    of("stream-error").map(({ code, index }) => ({ code, index }))
  return { port, got, post, of, open, chunk, grantedPast, sendFrom, errors }
}

const REPLY = uploadReply("data.bin", SIZE, SHA256)

describe("an upload", () => {
  it("is granted a window, hashed as it arrives, and answered with its SHA-256", async () => {
    const background = new FakeBackground()
    const v = await view(background)
    v.open()
    expect(await v.grantedPast(0)).toEqual({
      type: "stream-grant",
      id: "u1",
      next: 0,
      upTo: 8
    })
    await v.sendFrom(0)
    await until(() => v.of("reply").length > 0, "the reply")
    expect(v.of("stream-done")).toEqual([
      { type: "stream-done", id: "u1", count: COUNT }
    ])
    expect(v.of("reply")).toMatchObject([
      { id: "u1", text: "data.bin", reply: REPLY, bytes: SIZE }
    ])
    // Recorded once, with its size; nothing of it is left in storage.
    expect(await background.storedLog()).toMatchObject([
      { id: "u1", text: "data.bin", reply: REPLY, bytes: SIZE }
    ])
    expect(background.area.items.has(uploadKey("view-1"))).toBe(false)
    expect(background.logs).toContain('File from popup: "data.bin"')
  })

  it("keeps only its hash state in storage, never the bytes", async () => {
    const background = new FakeBackground()
    const v = await view(background)
    v.open()
    await v.grantedPast(0)
    for (let i = 0; i < 6; i++) v.chunk(i)
    await v.grantedPast(6)
    const stored = background.area.items.get(uploadKey("view-1"))
    expect(stored).toMatchObject({ id: "u1", kept: 6, chunkBytes: CHUNK })
    expect(JSON.stringify(stored).length).toBeLessThan(1024)
  })

  it.each([
    ["opened, before any chunk", 0],
    ["mid-flow", 5],
    ["with every chunk kept, before its end", COUNT]
  ])(
    "resumes where the last worker kept it when the worker dies %s",
    async (_, sent) => {
      const background = new FakeBackground()
      let v = await view(background)
      v.open()
      await v.grantedPast(0)
      for (let index = 0; index < sent; index++) {
        await until(() => v.of("stream-grant").some((g) => g.upTo > index))
        v.chunk(index)
      }
      await until(
        () =>
          (background.area.items.get(uploadKey("view-1")) as { kept?: number })
            ?.kept === (sent || undefined),
        "the last chunk's state"
      )
      background.stopWorker()
      v = await view(background)
      v.open()
      const grant = await v.grantedPast(sent)
      expect(grant.next).toBe(sent)
      await v.sendFrom(sent)
      await until(() => v.of("reply").length > 0, "the reply")
      expect(v.of("reply")[0]!.reply).toBe(REPLY)
    }
  )

  it("drops its state when its view leaves while the worker runs", async () => {
    const background = new FakeBackground()
    const v = await view(background)
    v.open()
    await v.grantedPast(0)
    v.chunk(0)
    await until(() => background.area.items.has(uploadKey("view-1")))
    v.port.disconnect()
    await until(
      () => !background.area.items.has(uploadKey("view-1")),
      "the state removed"
    )
    expect(await background.storedLog()).toEqual([])
  })

  it("answers a re-sent upload that already finished from its record", async () => {
    const background = new FakeBackground()
    let v = await view(background)
    v.open()
    await v.sendFrom(0)
    await until(() => v.of("reply").length > 0)
    background.stopWorker()
    v = await view(background)
    v.open()
    await until(() => v.of("reply").length > 0, "the reply again")
    expect(v.of("reply")[0]).toMatchObject({ id: "u1", reply: REPLY })
    expect(await background.storedLog()).toHaveLength(1)
    // The same id for a text message is another message.
    v.post({ type: "send", id: "u1", text: "data.bin" })
    await until(() => v.of("error").length > 0)
    expect(v.of("error")[0]).toMatchObject({ id: "u1", code: "id-reused" })
  })
})

describe("bad input to an upload", () => {
  it("refuses an empty file, one over the limit, and a second upload from the same view", async () => {
    const background = new FakeBackground(2000, SIZE)
    const v = await view(background)
    v.open({ id: "e", size: 0 })
    v.open({ id: "big", size: SIZE + 1 })
    v.open()
    await v.grantedPast(0)
    v.open({ id: "u2" })
    await until(() => v.of("error").length === 3)
    expect(v.of("error")).toEqual([
      { type: "error", id: "e", code: "file-empty" },
      { type: "error", id: "big", code: "file-too-large", limit: SIZE },
      { type: "error", id: "u2", code: "upload-running" }
    ])
    // The first upload goes on untouched.
    await v.sendFrom(0)
    await until(() => v.of("reply").length > 0)
    expect(v.of("reply")[0]!.reply).toBe(REPLY)
  })

  it("answers chunks out of order, of the wrong size, past the grant or for no upload with typed errors, and goes on", async () => {
    const background = new FakeBackground()
    const v = await view(background)
    v.open()
    await v.grantedPast(0)
    v.chunk(1)
    v.chunk(0, new Uint8Array(10).buffer)
    v.chunk(0, chunkOf(0), "nope")
    v.post({ type: "stream-end", id: "u1", count: COUNT - 1 })
    await until(() => v.errors().length === 4)
    expect(v.errors()).toEqual([
      { code: "chunk-out-of-order", index: 1 },
      { code: "bad-chunk", index: 0 },
      { code: "stream-closed", index: undefined },
      { code: "bad-count", index: undefined }
    ])
    // Chunks 0-8 at once, before the background kept any: 8 is past the grant.
    for (let i = 0; i <= 8; i++) v.chunk(i)
    await until(() => v.errors().length === 5)
    expect(v.errors()[4]).toEqual({ code: "window-overrun", index: 8 })
    await v.sendFrom(8)
    await until(() => v.of("reply").length > 0)
    expect(v.of("reply")[0]!.reply).toBe(REPLY)
    // A cancel for the finished stream: nothing runs under that id.
    v.post({ type: "stream-cancel", id: "u1", code: "cancelled" })
    await until(() => v.errors().length === 6)
    expect(v.errors()[5]).toEqual({ code: "stream-closed", index: undefined })
    expect(v.port.closed).toBe(false)
  })

  it("cancelled by its view: stopped, forgotten, answered as cancelled", async () => {
    const background = new FakeBackground()
    const v = await view(background)
    v.open()
    await v.grantedPast(0)
    v.chunk(0)
    await until(() => background.area.items.has(uploadKey("view-1")))
    v.post({ type: "stream-cancel", id: "u1", code: "cancelled" })
    await until(() => v.of("error").length > 0)
    expect(v.of("error")).toEqual([
      { type: "error", id: "u1", code: "upload-cancelled" }
    ])
    await until(() => !background.area.items.has(uploadKey("view-1")))
    // A cancel the view could not post in time rides on its re-sent upload.
    v.open({ id: "u3", cancelled: true })
    await until(() => v.of("error").length > 1)
    expect(v.of("error")[1]).toMatchObject({
      id: "u3",
      code: "upload-cancelled"
    })
    expect(await background.storedLog()).toEqual([])
  })

  it("fails with `internal` when storage refuses a chunk's state, and the port stays", async () => {
    const background = new FakeBackground()
    const v = await view(background)
    v.open()
    await v.grantedPast(0)
    background.area.set = () => Promise.reject(new Error("quota"))
    v.chunk(0)
    await until(() => v.of("error").length > 0)
    expect(v.of("error")).toEqual([
      { type: "error", id: "u1", code: "internal" }
    ])
    expect(v.of("stream-cancel")).toMatchObject([
      { id: "u1", code: "keep-failed" }
    ])
    expect(v.port.closed).toBe(false)
  })
})
