import { flushPorts } from "mv3-port/testing"

import type { LogEntry } from "~protocol"

import { FakeBackground } from "./support/fake-background"
import { hello, view } from "./support/view-end"

describe("the popup-connection handler", () => {
  it("welcomes a view and answers its message on its own port", async () => {
    const background = new FakeBackground()
    const popup = await hello(background, "c1")
    popup.post({ type: "send", id: "m1", text: "  hello  " })
    await flushPorts()
    expect(popup.ofType("welcome")).toHaveLength(1)
    expect(popup.ofType("reply")).toEqual([
      {
        type: "reply",
        id: "m1",
        seq: 1,
        at: expect.any(Number),
        text: "hello",
        reply: 'Background received: "hello"'
      }
    ])
    expect(background.logs).toEqual([
      "Popup connected",
      'Message from popup: "hello"'
    ])
  })

  it("answers two views connected at once each on their own port", async () => {
    const background = new FakeBackground()
    const a = await hello(background, "a")
    const b = await hello(background, "b")
    a.post({ type: "send", id: "ma", text: "from a" })
    b.post({ type: "send", id: "mb", text: "from b" })
    await flushPorts()
    expect(a.ofType("reply").map((m) => m.id)).toEqual(["ma"])
    expect(b.ofType("reply").map((m) => m.id)).toEqual(["mb"])
    // Each also hears the other's message as a relay.
    expect(
      a.ofType("relay").map((m) => (m.entry as { id: string }).id)
    ).toEqual(["mb"])
    expect(
      b.ofType("relay").map((m) => (m.entry as { id: string }).id)
    ).toEqual(["ma"])
  })

  it("answers a malformed message with an error and stays up", async () => {
    const background = new FakeBackground()
    const popup = await hello(background, "c1")
    popup.raw(null)
    popup.raw("a bare string")
    popup.raw({ body: {}, port: "forged" })
    popup.post({ type: "send", id: "m1" })
    popup.post({ type: "what" })
    popup.post({ type: "send", id: "m2", text: "still here" })
    await flushPorts()
    const codes = popup.ofType("error").map((m) => m.code)
    expect(codes).toEqual([
      "bad-envelope",
      "bad-envelope",
      "bad-envelope",
      "bad-message",
      "unknown-type"
    ])
    expect(popup.ofType("reply").map((m) => m.id)).toEqual(["m2"])
    expect(popup.port.closed).toBe(false)
  })

  it("names the message in an error about its envelope when the body carries an id", async () => {
    const background = new FakeBackground()
    const popup = await hello(background, "c1")
    popup.raw({ body: { type: "send", id: "m9", text: "hi" }, extra: 1 })
    popup.raw({ name: "other", body: { type: "send", id: "m10", text: "hi" } })
    popup.raw({ body: { id: 5 }, extra: 1 })
    await flushPorts()
    expect(popup.ofType("error").map((m) => [m.code, m.id])).toEqual([
      ["bad-envelope", "m9"],
      ["bad-envelope", "m10"],
      ["bad-envelope", null]
    ])
    // Neither was processed: no reply, nothing logged as a message.
    expect(popup.ofType("reply")).toHaveLength(0)
  })

  it("keeps answers in arrival order, errors included", async () => {
    const background = new FakeBackground()
    const popup = await hello(background, "c1")
    popup.post({ type: "send", id: "m1", text: "one" })
    popup.raw(7)
    popup.post({ type: "send", id: "m2", text: "two" })
    await flushPorts()
    expect(popup.received.slice(1).map((m) => m.type)).toEqual([
      "reply",
      "error",
      "reply"
    ])
  })

  it("under a burst, records in batches and never replies before the record is stored", async () => {
    const background = new FakeBackground()
    const popup = await hello(background, "c1")
    // Storage that takes a while to confirm, as the real one does under load.
    const store = background.area.set.bind(background.area)
    background.area.set = (items) => {
      void store(items)
      return new Promise((resolve) => setTimeout(resolve, 5))
    }
    const storedAtReply: boolean[] = []
    popup.port.onMessage.addListener((message) => {
      const m = message as { type: string; id: string }
      if (m.type !== "reply") return
      const stored = [...background.area.items.values()].some(
        (value) => (value as { id?: string }).id === m.id
      )
      storedAtReply.push(stored)
    })
    const writesBefore = background.area.writes
    const ids = Array.from({ length: 50 }, (_, i) => `m${i}`)
    for (const id of ids) popup.post({ type: "send", id, text: id })
    for (let waited = 0; popup.ofType("reply").length < 50; waited += 5) {
      if (waited > 2000) throw new Error("the burst was not answered")
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    expect(popup.ofType("reply").map((m) => m.id)).toEqual(ids)
    expect(storedAtReply).toEqual(ids.map(() => true))
    expect(background.area.writes - writesBefore).toBeLessThan(10)
    expect(await background.processedIds()).toEqual(ids)
    // Every message is logged, in order, but a burst's lines share log calls.
    expect(background.logs.filter((l) => l.startsWith("Message"))).toEqual(
      ids.map((id) => `Message from popup: "${id}"`)
    )
    expect(background.logWrites).toBeLessThan(20)
  })

  it("shares the sender's round trip with the other views and the stored log", async () => {
    const background = new FakeBackground()
    const popup = await hello(background, "p1", "popup")
    const panel = await hello(background, "s1", "sidepanel")
    popup.post({ type: "send", id: "m1", text: "hi" })
    await flushPorts()
    popup.post({ type: "delivered", reports: [{ id: "m1", rttMs: 2.5 }] })
    // Another view cannot report for it, a second report changes nothing,
    // and an unknown id is ignored.
    panel.post({ type: "delivered", reports: [{ id: "m1", rttMs: 99 }] })
    popup.post({
      type: "delivered",
      reports: [
        { id: "m1", rttMs: 7 },
        { id: "unknown", rttMs: 1 }
      ]
    })
    await flushPorts()
    expect(popup.ofType("noted").map((m) => m.count)).toEqual([1, 2])
    expect(panel.ofType("noted")).toHaveLength(1)
    const relays = panel.ofType("relay") as Array<{ entry: LogEntry }>
    expect(relays.map((r) => r.entry.rttMs)).toEqual([undefined, 2.5])
    expect(popup.ofType("relay")).toEqual([])
    await background.store.settled()
    const stored = [...background.area.items.values()].find(
      (v) => (v as LogEntry).id === "m1" && "reply" in (v as object)
    ) as LogEntry
    expect(stored.rttMs).toBe(2.5)
  })

  it("refuses a send before hello", async () => {
    const background = new FakeBackground()
    const popup = view(background)
    popup.post({ type: "send", id: "m1", text: "hi" })
    await flushPorts()
    expect(popup.ofType("error")).toEqual([
      expect.objectContaining({ code: "bad-message", id: "m1" })
    ])
  })
})
