import type { ToServer } from "mv3-port"

import { uploadReply } from "~background/upload-hash"

import { openRawPort, type RawWindow } from "./support/raw-port"
import { setUpExtensionSession } from "./support/session-fixture"

/**
 * Uploads spoken on a raw port in mv3-port's wire (`upload` opens one,
 * `st` carries core/stream's messages), the way a buggy or hostile page of
 * ours could: the user-facing uploads are in upload.e2e.ts.
 */
// Whatever a test did, the worker threw nothing and logged no error.
const session = setUpExtensionSession({ noWorkerErrors: true })

test("bad upload messages on a raw port get typed answers; the port and the conversation go on", async () => {
  const popup = await session().openView("popup.html")
  await popup.connect()
  const raw = await session().openView("popup.html")
  await openRawPort(raw.page)
  const CHUNK = 1024
  const SIZE = 12 * CHUNK
  const result = await raw.page.evaluate(
    async ({ CHUNK, SIZE }) => {
      const raw = (window as unknown as RawWindow).__raw
      type Got = {
        k: string
        id?: string | null
        output?: { id: string; reply: string }
        m?: {
          type: string
          id: string
          code?: string
          index?: number
          next?: number
          upTo?: number
        }
      }
      const got = () => raw.got.map((g) => g.message as Got)
      /** The first message after `from` that `match` accepts; null after 5 s. */
      const next = async (from: number, match: (m: Got) => boolean) => {
        const until = performance.now() + 5000
        for (;;) {
          const found = got().slice(from).find(match)
          if (found) return found
          if (performance.now() > until) return null
          await Promise.race([
            raw.next(raw.got.length + 1),
            new Promise((resolve) => setTimeout(resolve, 250))
          ])
        }
      }
      const post = (message: ToServer) => raw.port.postMessage(message)
      const st = (m: (ToServer & { k: "st" })["m"]) => post({ k: "st", m })
      const upload = (id: string, name: string, size: number) =>
        post({
          k: "upload",
          id,
          name: "file",
          input: { id, name, size, chunkBytes: CHUNK }
        })
      const bytes = new Uint8Array(SIZE).map((_, i) => (i * 13) % 256)
      const chunk = (
        index: number,
        id = "u1",
        data = bytes.slice(index * CHUNK, (index + 1) * CHUNK).buffer
      ) => st({ type: "stream-chunk", id, index, data })
      /** The message that ends or refuses something of `id`: a stream cancel or error. */
      const endOf = (from: number, id: string) =>
        next(
          from,
          (g) =>
            g.k === "st" &&
            g.m!.id === id &&
            (g.m!.type === "stream-cancel" || g.m!.type === "stream-error")
        )
      const grantOf = (from: number, id: string, past = 0) =>
        next(
          from,
          (g) =>
            g.k === "st" &&
            g.m!.type === "stream-grant" &&
            g.m!.id === id &&
            g.m!.upTo! > past
        )
      const out: Record<string, Got | null> = {}
      let mark = raw.got.length
      upload("empty", "e.bin", 0)
      out.empty = await endOf(mark, "empty")
      mark = raw.got.length
      upload("huge", "h.bin", 100_000_001)
      out.huge = await endOf(mark, "huge")
      mark = raw.got.length
      upload("u1", "data.bin", SIZE)
      out.grant = await grantOf(mark, "u1")
      mark = raw.got.length
      upload("u2", "other.bin", SIZE)
      out.second = await endOf(mark, "u2")
      mark = raw.got.length
      chunk(3)
      out.outOfOrder = await endOf(mark, "u1")
      mark = raw.got.length
      chunk(0, "nobody")
      out.unknown = await endOf(mark, "nobody")
      // Chunks 0-8 at once, past the first grant of 8, then a ping: the
      // worker grants more only as its handler reads chunks, so chunk 8 is
      // refused unless half the window was read before it arrived (before
      // the move each chunk waited for a storage write and the refusal was
      // certain). The worker reads both in arrival order and answers each
      // at once, so a refusal of chunk 8 comes before the pong.
      mark = raw.got.length
      for (let i = 0; i <= 8; i++) chunk(i)
      post({ k: "ping" })
      const pong = await next(mark, (g) => g.k === "pong")
      const beforePong = got().slice(
        mark,
        mark + got().slice(mark).indexOf(pong!)
      )
      const errors = beforePong.filter(
        (g) => g.k === "st" && g.m!.type === "stream-error"
      )
      out.overrun = errors[0] ?? null
      out.overrunCount = { k: "count", id: String(errors.length) }
      // The upload goes on from where the worker stands.
      const from = out.overrun ? 8 : 9
      for (let index = from; index < SIZE / CHUNK; index++) {
        await grantOf(0, "u1", index)
        chunk(index)
      }
      st({ type: "stream-end", id: "u1", count: SIZE / CHUNK })
      const reply = await next(0, (g) => g.k === "res" && g.id === "u1")
      mark = raw.got.length
      st({ type: "stream-cancel", id: "u1", code: "cancelled" })
      out.cancelFinished = await endOf(mark, "u1")
      mark = raw.got.length
      post({
        k: "req",
        id: "after",
        name: "send",
        input: { id: "after", text: "after the bad input" }
      })
      const after = await next(mark, (g) => g.k === "res" && g.id === "after")
      const digest = await crypto.subtle.digest("SHA-256", bytes)
      const hex = [...new Uint8Array(digest)]
        .map((b) => b.toString(16).padStart(2, "0"))
        .join("")
      return {
        out,
        reply: reply?.output,
        after: after?.output?.reply,
        hex,
        closed: raw.closed
      }
    },
    { CHUNK, SIZE }
  )
  const { out } = result
  // The handler's refusals end the upload: they come as the stream's
  // cancel code. A cancel carries no detail, so `limit` is gone.
  const cancelled = (id: string, code: string) => ({
    k: "st",
    m: { type: "stream-cancel", id, code }
  })
  expect(out.empty).toMatchObject(cancelled("empty", "file-empty"))
  expect(out.huge).toMatchObject(cancelled("huge", "file-too-large"))
  expect(out.grant).toMatchObject({
    k: "st",
    m: { type: "stream-grant", id: "u1", next: 0, upTo: 8 }
  })
  expect(out.second).toMatchObject(cancelled("u2", "upload-running"))
  const refused = (code: string, id = "u1", index?: number) => ({
    k: "st",
    m: {
      type: "stream-error",
      id,
      code,
      ...(index === undefined ? {} : { index })
    }
  })
  expect(out.outOfOrder).toMatchObject(refused("chunk-out-of-order", "u1", 3))
  expect(out.unknown).toMatchObject(refused("stream-closed", "nobody"))
  // At most one refusal in the burst, and only of chunk 8 for its window.
  expect(Number(out.overrunCount!.id)).toBeLessThanOrEqual(1)
  if (out.overrun) {
    expect(out.overrun).toMatchObject(refused("window-overrun", "u1", 8))
  }
  // A cancel for an upload already answered is a stray message.
  expect(out.cancelFinished).toMatchObject(refused("stream-closed"))
  expect(result.reply).toMatchObject({
    id: "u1",
    reply: uploadReply("data.bin", SIZE, result.hex)
  })
  expect(result.after).toBe('Background received: "after the bad input"')
  expect(result.closed).toBe(false)
  // The popup saw the finished file and the message, nothing of the bad ones.
  await popup.page.waitForFunction(
    () => document.querySelector("#log")?.getAttribute("data-count") === "2"
  )
  expect(await popup.page.locator("#log .log-out").allTextContents()).toEqual([
    "→ data.bin (12.3 kB)",
    "→ after the bad input"
  ])
  await popup.send("popup still talks")
  await popup.waitForResponse('Reply: Background received: "popup still talks"')
})
