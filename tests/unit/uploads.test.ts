import { createHash } from "node:crypto"

import { uploadReply } from "~background/upload-hash"
import { uploadKey } from "~storage/upload-state"

import { FakeBackground } from "./support/fake-background"
import { hello } from "./support/view-end"

// Real timers: hash-wasm compiles its module asynchronously, off the microtask queue.

const CHUNK = 1024
/** 10.5 chunks: the last one is short. */
const SIZE = 10 * CHUNK + 512
const BYTES = Uint8Array.from({ length: SIZE }, (_, i) => (i * 31 + 7) % 251)
const SHA256 = createHash("sha256").update(BYTES).digest("hex")
const chunkOf = (index: number) =>
  BYTES.slice(index * CHUNK, (index + 1) * CHUNK).buffer
const COUNT = Math.ceil(SIZE / CHUNK)

/**
 * Resolves once `check` holds (polling), or fails with what it waited for
 * just before jest's own 5 s timeout would say less: hashing runs on real
 * time, which a loaded machine stretches.
 */
async function until(check: () => boolean, what = "condition"): Promise<void> {
  const deadline = Date.now() + 4000
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
}

type Stream = {
  type: string
  id: string
  next?: number
  upTo?: number
  code?: string
}

/** A view's raw port to the fake background, welcomed, with upload steps. */
async function view(background: FakeBackground, clientId = "view-1") {
  const v = await hello(background, clientId)
  /** Opens upload `id` (the package's id; the app's id is `u1` unless given). */
  const open = (fields: object = {}, id = "p1") =>
    v.raw({
      k: "upload",
      id,
      name: "file",
      input: {
        id: "u1",
        name: "data.bin",
        size: SIZE,
        chunkBytes: CHUNK,
        ...fields
      }
    })
  const st = (m: object) => v.raw({ k: "st", m })
  const chunk = (index: number, data = chunkOf(index), id = "p1") =>
    st({ type: "stream-chunk", id, index, data })
  const of = (type: string) =>
    v
      .ofKind("st")
      .map((m) => m.m as Stream)
      .filter((m) => m.type === type)
  /** The last grant, once `next` reached `kept`. */
  const grantedPast = async (kept: number) => {
    await until(
      () => of("stream-grant").some((g) => g.next! >= kept),
      `a grant from ${kept}`
    )
    return of("stream-grant").at(-1)!
  }
  /** Sends chunks `from` up to the end, within the grants, then the end. */
  const sendFrom = async (from: number) => {
    for (let index = from; index < COUNT; index++) {
      await until(
        () => of("stream-grant").some((g) => g.upTo! > index),
        `credit for ${index}`
      )
      chunk(index)
    }
    st({ type: "stream-end", id: "p1", count: COUNT })
  }
  const outputs = () =>
    v.ofKind("res").map((m) => m.output as Record<string, unknown>)
  const cancels = () => of("stream-cancel").map(({ id, code }) => [id, code])
  return { ...v, open, st, chunk, of, grantedPast, sendFrom, outputs, cancels }
}

const REPLY = uploadReply("data.bin", SIZE, SHA256)
const stateOf = (background: FakeBackground) =>
  background.area.items.get(uploadKey("view-1")) as { kept?: number }

describe("an upload", () => {
  it("is granted a window, hashed as it arrives, and answered with its SHA-256", async () => {
    const background = new FakeBackground()
    const v = await view(background)
    v.open()
    expect(await v.grantedPast(0)).toEqual({
      type: "stream-grant",
      id: "p1",
      next: 0,
      upTo: 8
    })
    await v.sendFrom(0)
    await until(() => v.outputs().length > 0, "the answer")
    expect(v.outputs()).toMatchObject([
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
    const stored = stateOf(background)
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
        await until(() => v.of("stream-grant").some((g) => g.upTo! > index))
        v.chunk(index)
      }
      await until(
        () => stateOf(background)?.kept === (sent || undefined),
        "the last chunk's state"
      )
      background.stopWorker()
      v = await view(background)
      v.open()
      const grant = await v.grantedPast(sent)
      expect(grant.next).toBe(sent)
      await v.sendFrom(sent)
      await until(() => v.outputs().length > 0, "the answer")
      expect(v.outputs()[0]!.reply).toBe(REPLY)
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
    await until(() => v.outputs().length > 0)
    background.stopWorker()
    v = await view(background)
    v.open()
    await until(() => v.outputs().length > 0, "the answer again")
    expect(v.outputs()[0]).toMatchObject({ id: "u1", reply: REPLY })
    expect(await background.storedLog()).toHaveLength(1)
    // The same id for a text message is another message.
    v.request("send", { id: "u1", text: "data.bin" })
    await until(() => v.ofKind("err").length > 0)
    expect(v.ofKind("err")[0]).toMatchObject({ code: "id-reused" })
  })
})

describe("bad input to an upload", () => {
  it("refuses an empty file, one over the limit (with the limit), and a second upload from the same view", async () => {
    const background = new FakeBackground(2000, SIZE)
    const v = await view(background)
    v.open({ id: "e", size: 0 }, "pe")
    v.open({ id: "big", size: SIZE + 1 }, "pbig")
    v.open()
    await v.grantedPast(0)
    v.open({ id: "u2" }, "p2")
    await until(() => v.cancels().length === 3)
    expect(v.cancels()).toEqual([
      ["pe", "file-empty"],
      ["pbig", "file-too-large"],
      ["p2", "upload-running"]
    ])
    // The first upload goes on untouched.
    await v.sendFrom(0)
    await until(() => v.outputs().length > 0)
    expect(v.outputs()[0]!.reply).toBe(REPLY)
  })

  it("fails on a chunk of the wrong size, and drops its state", async () => {
    const background = new FakeBackground()
    const v = await view(background)
    v.open()
    await v.grantedPast(0)
    v.chunk(0)
    await until(() => background.area.items.has(uploadKey("view-1")))
    v.chunk(1, new Uint8Array(10).buffer)
    await until(() => v.cancels().length > 0)
    expect(v.cancels()).toEqual([["p1", "bad-chunk"]])
    await until(() => !background.area.items.has(uploadKey("view-1")))
    expect(await background.storedLog()).toEqual([])
    expect(v.port.closed).toBe(false)
  })

  it("fails on an end that does not count every chunk", async () => {
    const background = new FakeBackground()
    const v = await view(background)
    v.open({ size: 2 * CHUNK })
    await v.grantedPast(0)
    v.chunk(0)
    v.st({ type: "stream-end", id: "p1", count: 1 })
    await until(() => v.cancels().length > 0)
    expect(v.cancels()).toEqual([["p1", "bad-count"]])
  })

  it("cancelled by its view: stopped and forgotten, nothing recorded", async () => {
    const background = new FakeBackground()
    const v = await view(background)
    v.open()
    await v.grantedPast(0)
    v.chunk(0)
    await until(() => background.area.items.has(uploadKey("view-1")))
    v.st({ type: "stream-cancel", id: "p1", code: "cancelled" })
    await until(() => !background.area.items.has(uploadKey("view-1")))
    expect(await background.storedLog()).toEqual([])
    expect(v.outputs()).toEqual([])
    // Another upload from the same view may start.
    v.open({ id: "u3" }, "p3")
    await until(() => v.of("stream-grant").some((g) => g.id === "p3"))
  })

  it("fails with handler-failed when storage refuses a chunk's state, and the port stays", async () => {
    const background = new FakeBackground()
    const v = await view(background)
    v.open()
    await v.grantedPast(0)
    background.area.set = () => Promise.reject(new Error("quota"))
    v.chunk(0)
    await until(() => v.cancels().length > 0)
    expect(v.cancels()).toEqual([["p1", "handler-failed"]])
    expect(background.errors).toEqual([new Error("quota")])
    expect(v.port.closed).toBe(false)
  })
})
