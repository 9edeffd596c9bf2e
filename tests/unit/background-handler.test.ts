import { createPlasmoPortHandler } from "~background/plasmo-port-adapter"
import type { LogEntry } from "~lib/protocol"
import { createSessionServer } from "~session/server"

import { FakeBackground } from "./support/fake-background"
import { flushPorts, type FakePortEnd } from "./support/fake-port"

/** A view's end of a port: posts envelopes, collects what comes back. */
function view(background: FakeBackground) {
  const port = background.connect() as unknown as FakePortEnd
  const received: Array<Record<string, unknown>> = []
  port.onMessage.addListener((message) =>
    received.push(message as Record<string, unknown>)
  )
  return {
    port,
    received,
    post: (body: unknown) =>
      port.postMessage({ name: "popup-connection", body }),
    raw: (message: unknown) => port.postMessage(message),
    ofType: (type: string) => received.filter((m) => m.type === type)
  }
}

async function hello(
  background: FakeBackground,
  clientId: string,
  kind = "popup"
) {
  const v = view(background)
  v.post({ type: "hello", clientId, kind })
  await flushPorts()
  return v
}

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

  it("answers a re-sent id from the record without processing it twice", async () => {
    const background = new FakeBackground()
    const first = await hello(background, "c1")
    first.post({ type: "send", id: "m1", text: "once" })
    await flushPorts()
    background.stopWorker()
    await flushPorts()
    const again = await hello(background, "c1")
    again.post({ type: "send", id: "m1", text: "once" })
    await flushPorts()
    expect(again.ofType("reply")).toEqual([
      {
        type: "reply",
        id: "m1",
        seq: 1,
        at: expect.any(Number),
        text: "once",
        reply: 'Background received: "once"'
      }
    ])
    expect(await background.processedIds()).toEqual(["m1"])
    expect(background.logs.filter((l) => l.startsWith("Message"))).toHaveLength(
      1
    )
  })

  it("after a restart, a Clear waits for the stored log and the messages after it keep their order", async () => {
    const background = new FakeBackground()
    const first = await hello(background, "c1")
    first.post({ type: "send", id: "m1", text: "before" })
    first.post({ type: "send", id: "m2", text: "before too" })
    await flushPorts()
    await background.store.settled()
    background.stopWorker()
    // A fresh worker gets a Clear at once, then a message: the Clear must
    // remove what the old worker stored, and be answered first.
    const again = await hello(background, "c1")
    expect(background.store.logReady).toBe(false)
    again.post({ type: "clear-log" })
    again.post({ type: "send", id: "m3", text: "after" })
    await flushPorts(40)
    expect(again.received.map((m) => m.type)).toEqual([
      "welcome",
      "log-cleared",
      "reply"
    ])
    await background.store.settled()
    expect(await background.processedIds()).toEqual(["m3"])
  })

  it("still recognises a re-sent id after the log was cleared", async () => {
    const background = new FakeBackground()
    const popup = await hello(background, "c1")
    popup.post({ type: "send", id: "m1", text: "once" })
    popup.post({ type: "clear-log" })
    await flushPorts()
    popup.post({ type: "send", id: "m1", text: "once" })
    await flushPorts()
    expect(popup.ofType("reply").map((m) => [m.id, m.seq])).toEqual([
      ["m1", 1],
      ["m1", 1]
    ])
    expect(background.logs.filter((l) => l.startsWith("Message"))).toHaveLength(
      1
    )
  })

  it("refuses an answered id re-used for a different text", async () => {
    const background = new FakeBackground()
    const popup = await hello(background, "c1")
    popup.post({ type: "send", id: "m1", text: "one" })
    popup.post({ type: "send", id: "m1", text: "two" })
    await flushPorts()
    expect(popup.ofType("reply")).toHaveLength(1)
    expect(popup.ofType("error")).toEqual([
      expect.objectContaining({ id: "m1", code: "id-reused" })
    ])
  })

  it("says a view went away when a broadcast finds its port dead, and tells the others", async () => {
    const background = new FakeBackground()
    const popup = await hello(background, "p1", "popup")
    const panel = await hello(background, "s1", "sidepanel")
    const other = await hello(background, "p2", "popup")
    // The panel's port dies without its disconnect having reached us yet.
    const panelServer = background.ports[1]
    panelServer.postMessage = () => {
      throw new Error("Attempting to use a disconnected port object")
    }
    popup.post({ type: "send", id: "m1", text: "hi" })
    await flushPorts()
    expect(background.logs).toContain("Side panel disconnected")
    expect(other.ofType("presence").at(-1)).toEqual({
      type: "presence",
      presence: { count: 2, kinds: { popup: 2 } }
    })
    expect(panel.ofType("relay")).toEqual([])
  })

  it("empties its registry after every disconnect and logs it", async () => {
    const background = new FakeBackground()
    const popup = await hello(background, "c1")
    const panel = await hello(background, "c2", "sidepanel")
    expect(background.registry.size).toBe(2)
    popup.port.disconnect()
    await flushPorts()
    expect(panel.ofType("presence").at(-1)).toEqual({
      type: "presence",
      presence: { count: 1, kinds: { sidepanel: 1 } }
    })
    panel.port.disconnect()
    await flushPorts()
    expect(background.registry.size).toBe(0)
    expect(background.logs).toContain("Popup disconnected")
    expect(background.logs).toContain("Side panel disconnected")
  })

  it("ignores a request whose port the gate never admitted", () => {
    const handle = jest.fn()
    const server = createSessionServer({
      unwrap: (raw) => ({ ok: true, value: raw }),
      parse: (body) => ({ ok: true, value: body }),
      handle,
      reject: jest.fn(),
      failed: jest.fn()
    })
    const stray = jest.fn()
    const handler = createPlasmoPortHandler(server, stray)
    void handler({ port: { postMessage: jest.fn() }, body: {} } as never, {
      send: jest.fn()
    })
    expect(handle).not.toHaveBeenCalled()
    expect(stray).toHaveBeenCalled()
  })
})
