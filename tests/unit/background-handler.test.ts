import { flushPorts } from "mv3-port/testing"

import type { LogEntry } from "~protocol"

import { FakeBackground } from "./support/fake-background"
import { client, hello, view } from "./support/view-end"

describe("the popup-connection handler", () => {
  it("welcomes a view and answers its trimmed message on its own port", async () => {
    const background = new FakeBackground()
    const popup = await hello(background, "c1")
    const id = popup.request("send", { id: "m1", text: "  hello  " })
    await flushPorts(50)
    expect(popup.kinds()).toEqual(["welcome", "presence", "res"])
    expect(popup.ofKind("res")).toEqual([
      {
        k: "res",
        id,
        output: {
          id: "m1",
          seq: 1,
          at: expect.any(Number),
          text: "hello",
          reply: 'Background received: "hello"'
        }
      }
    ])
    expect(background.logs).toEqual([
      "Popup connected",
      'Message from popup: "hello"'
    ])
    // Plasmo's router never read our port.
    expect(background.routerHeard).toEqual([])
  })

  it("answers the package's client, and relays to the other views but not to tabs", async () => {
    const background = new FakeBackground()
    const a = client(background, "a")
    const b = await hello(background, "b", "sidepanel")
    const tab = await hello(background, "t", "tab")
    const reply = await a.request("send", { id: "ma", text: "from a" })
    expect(reply).toMatchObject({ id: "ma", text: "from a", seq: 1 })
    await flushPorts(50)
    expect(b.events("entry")).toEqual([
      expect.objectContaining({
        id: "ma",
        from: { clientId: "a", kind: "popup" }
      })
    ])
    expect(tab.events("entry")).toEqual([])
    a.disconnect()
  })

  it("refuses what it cannot read or check with the package's codes, and stays up", async () => {
    const background = new FakeBackground()
    const popup = await hello(background, "c1")
    popup.raw(null)
    popup.raw({ k: "req", id: "x1", name: 5 })
    popup.request("send", { id: "m1" }, "x2")
    popup.request("what", {}, "x3")
    popup.request("send", { id: "m2", text: "   " }, "x4")
    popup.request("send", { id: "m3", text: "x".repeat(2001) }, "x5")
    popup.request("send", { id: "m4", text: "still here" }, "x6")
    await flushPorts(50)
    expect(popup.ofKind("err")).toEqual([
      { k: "err", id: null, code: "bad-request" },
      { k: "err", id: "x1", code: "bad-request" },
      { k: "err", id: "x2", code: "bad-input" },
      { k: "err", id: "x3", code: "unknown-request" },
      { k: "err", id: "x4", code: "empty-text" },
      { k: "err", id: "x5", code: "text-too-long", detail: { limit: 2000 } }
    ])
    expect(popup.ofKind("res").map((m) => m.id)).toEqual(["x6"])
    expect(popup.port.closed).toBe(false)
    expect(background.errors).toEqual([])
  })

  it("keeps answers in arrival order, refusals included, while a write is in flight", async () => {
    const background = new FakeBackground()
    const popup = await hello(background, "c1")
    const store = background.area.set.bind(background.area)
    background.area.set = (items) => {
      void store(items)
      return new Promise((resolve) => setTimeout(resolve, 5))
    }
    popup.request("send", { id: "m1", text: "one" })
    popup.request("send", { id: "m1", text: "not one" })
    popup.request("send", { id: "m2", text: "two" })
    // Each answer waits for its write (5 ms each, one after the other).
    for (let waited = 0; popup.kinds().length < 5; waited += 5) {
      if (waited > 2000) throw new Error("not answered")
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    expect(popup.kinds().slice(2)).toEqual(["res", "err", "res"])
    expect(popup.ofKind("err")).toEqual([
      expect.objectContaining({ code: "id-reused" })
    ])
  })

  it("under a burst, records in batches and never replies before the record is written", async () => {
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
      const m = message as { k: string; output: { id: string } }
      if (m.k !== "res") return
      const stored = [...background.area.items.values()].some(
        (value) => (value as { id?: string }).id === m.output.id
      )
      storedAtReply.push(stored)
    })
    const writesBefore = background.area.writes
    const ids = Array.from({ length: 50 }, (_, i) => `m${i}`)
    for (const id of ids) popup.request("send", { id, text: id })
    for (let waited = 0; popup.ofKind("res").length < 50; waited += 5) {
      if (waited > 2000) throw new Error("the burst was not answered")
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    const answered = popup
      .ofKind("res")
      .map((m) => (m.output as { id: string }).id)
    expect(answered).toEqual(ids)
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
    popup.request("send", { id: "m1", text: "hi" })
    await flushPorts(50)
    popup.request("delivered", { reports: [{ id: "m1", rttMs: 2.5 }] })
    // Another view cannot report for it, a second report changes nothing,
    // and an unknown id is ignored.
    panel.request("delivered", { reports: [{ id: "m1", rttMs: 99 }] })
    popup.request("delivered", {
      reports: [
        { id: "m1", rttMs: 7 },
        { id: "unknown", rttMs: 1 }
      ]
    })
    await flushPorts(50)
    const counts = (v: typeof popup) =>
      v
        .ofKind("res")
        .map((m) => (m.output as { count?: number }).count)
        .filter((count) => count !== undefined)
    expect(counts(popup)).toEqual([1, 2])
    expect(counts(panel)).toEqual([1])
    const relays = panel.events("entry") as LogEntry[]
    expect(relays.map((entry) => entry.rttMs)).toEqual([undefined, 2.5])
    expect(popup.events("entry")).toEqual([])
    await background.store.writes.settled()
    const stored = [...background.area.items.values()].find(
      (v) => (v as LogEntry).id === "m1" && "reply" in (v as object)
    ) as LogEntry
    expect(stored.rttMs).toBe(2.5)
  })

  it("ignores a request before hello", async () => {
    const background = new FakeBackground()
    const popup = view(background)
    popup.request("send", { id: "m1", text: "hi" })
    await flushPorts(50)
    expect(popup.received).toEqual([])
    expect(await background.processedIds()).toEqual([])
  })
})
