import { FakeBackground } from "./support/fake-background"
import { client, hello } from "./support/view-end"

/** Makes `background`'s storage refuse every set while `refusing()` is true. */
function refuseSets(background: FakeBackground, refusing: () => boolean) {
  const set = background.area.set.bind(background.area)
  background.area.set = (items) =>
    refusing() ? Promise.reject(new Error("quota exceeded")) : set(items)
}

/** Waits until `view` has `count` answers (results and refusals). */
async function answers(view: Awaited<ReturnType<typeof hello>>, count: number) {
  for (let waited = 0; ; waited += 5) {
    const got = view.ofKind("res").length + view.ofKind("err").length
    if (got >= count) return
    if (waited > 2000) throw new Error("not answered")
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

describe("a reply follows the write that records it", () => {
  it("answers a message storage refused as not saved, then records it on the re-send", async () => {
    const background = new FakeBackground()
    const popup = await hello(background, "c1")
    let refusing = true
    refuseSets(background, () => refusing)
    popup.request("send", { id: "m1", text: "hello" }, "x1")
    await answers(popup, 1)
    expect(popup.ofKind("res")).toEqual([])
    expect(popup.ofKind("err")).toEqual([
      expect.objectContaining({ id: "x1", code: "not-saved" })
    ])
    expect(await background.processedIds()).toEqual([])
    // Nothing is lost in memory: the re-send (same id) writes the same record.
    refusing = false
    popup.request("send", { id: "m1", text: "hello" }, "x2")
    await answers(popup, 2)
    expect(popup.ofKind("res")).toEqual([
      expect.objectContaining({
        id: "x2",
        output: expect.objectContaining({ id: "m1", seq: 1 })
      })
    ])
    expect(await background.processedIds()).toEqual(["m1"])
    expect(background.logs.filter((l) => l.startsWith("Message"))).toHaveLength(
      1
    )
  })

  it("answers every message of a coalesced write that failed as not saved, in order", async () => {
    const background = new FakeBackground()
    const popup = await hello(background, "c1")
    // The first write is slow, so the next two wait and go out as one set,
    // which storage refuses; the one after that is stored.
    const set = background.area.set.bind(background.area)
    let calls = 0
    background.area.set = (items) => {
      calls += 1
      if (calls === 1) {
        return new Promise((resolve) => setTimeout(resolve, 5)).then(() =>
          set(items)
        )
      }
      if (calls === 2) return Promise.reject(new Error("quota exceeded"))
      return set(items)
    }
    for (const id of ["m1", "m2", "m3"]) {
      popup.request("send", { id, text: id }, `x-${id}`)
    }
    await answers(popup, 3)
    expect(calls).toBe(2)
    expect(popup.received.map((m) => (m as { id?: string }).id)).toEqual(
      expect.arrayContaining(["x-m1", "x-m2", "x-m3"])
    )
    expect(popup.kinds().slice(2)).toEqual(["res", "err", "err"])
    expect(popup.ofKind("err").map((m) => m.code)).toEqual([
      "not-saved",
      "not-saved"
    ])
    expect(await background.processedIds()).toEqual(["m1"])
    popup.request("send", { id: "m2", text: "m2" }, "y2")
    popup.request("send", { id: "m3", text: "m3" }, "y3")
    await answers(popup, 5)
    expect(popup.kinds().slice(5)).toEqual(["res", "res"])
    expect(await background.processedIds()).toEqual(["m1", "m2", "m3"])
  })

  it("answers a file storage refused as not saved, and its re-sent upload from the record", async () => {
    const background = new FakeBackground()
    const view = client(background, "c1")
    let refusing = true
    const set = background.area.set.bind(background.area)
    // Uploads write their hash state too: only the record's set is refused.
    background.area.set = (items) =>
      refusing && Object.keys(items).some((key) => key.startsWith("log:"))
        ? Promise.reject(new Error("quota exceeded"))
        : set(items)
    const upload = async () => {
      const sink = view.upload("file", {
        id: "f1",
        name: "a.bin",
        size: 3,
        chunkBytes: 1024
      })
      await sink.write(new Uint8Array([1, 2, 3]).buffer)
      return sink.close()
    }
    await expect(upload()).rejects.toMatchObject({ code: "not-saved" })
    expect(await background.processedIds()).toEqual([])
    refusing = false
    await expect(upload()).resolves.toMatchObject({
      id: "f1",
      seq: 1,
      bytes: 3
    })
    expect(await background.processedIds()).toEqual(["f1"])
    view.disconnect()
  })
})
