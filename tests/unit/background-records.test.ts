import { createSessionServer } from "mv3-port/core/server"
import { flushPorts } from "mv3-port/testing"

import { createPlasmoPortHandler } from "~background/plasmo-port-adapter"

import { FakeBackground } from "./support/fake-background"
import { hello } from "./support/view-end"

describe("the popup-connection handler across restarts and departures", () => {
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
    const logReads = () => background.area.gets.filter((k) => k === null)
    const logReadsBefore = logReads().length
    // A fresh worker gets a Clear at once, then a message: the Clear must
    // remove what the old worker stored, and be answered first.
    const again = await hello(background, "c1")
    // The new worker has not read the log yet.
    expect(logReads()).toHaveLength(logReadsBefore)
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
