import { flushPorts } from "mv3-port/testing"

import { FakeBackground } from "./support/fake-background"
import { hello } from "./support/view-end"

/** The apps ids of a view's answers, in the order they came. */
const answeredIds = (v: Awaited<ReturnType<typeof hello>>) =>
  v.ofKind("res").map((m) => (m.output as { id?: string }).id)

describe("the popup-connection handler across restarts and departures", () => {
  it("answers a re-sent id from the record without processing it twice", async () => {
    const background = new FakeBackground()
    const first = await hello(background, "c1")
    first.request("send", { id: "m1", text: "once" })
    await flushPorts(50)
    background.stopWorker()
    await flushPorts(50)
    const again = await hello(background, "c1")
    const id = again.request("send", { id: "m1", text: "once" })
    await flushPorts(50)
    expect(again.ofKind("res")).toEqual([
      {
        k: "res",
        id,
        output: {
          id: "m1",
          seq: 1,
          at: expect.any(Number),
          text: "once",
          reply: 'Background received: "once"'
        }
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
    first.request("send", { id: "m1", text: "before" })
    first.request("send", { id: "m2", text: "before too" })
    await flushPorts(50)
    await background.store.writes.settled()
    background.stopWorker()
    const logReads = () => background.area.gets.filter((k) => k === null)
    const logReadsBefore = logReads().length
    // A fresh worker gets a Clear at once, then a message: the Clear must
    // remove what the old worker stored, and be answered first.
    const again = await hello(background, "c1")
    // The new worker has not read the log yet.
    expect(logReads()).toHaveLength(logReadsBefore)
    const clear = again.request("clearLog", {})
    const send = again.request("send", { id: "m3", text: "after" })
    for (let waited = 0; again.ofKind("res").length < 2; waited += 5) {
      if (waited > 2000) throw new Error("not answered")
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    expect(again.ofKind("res").map((m) => m.id)).toEqual([clear, send])
    await background.store.writes.settled()
    expect(await background.processedIds()).toEqual(["m3"])
  })

  it("still recognises a re-sent id after the log was cleared", async () => {
    const background = new FakeBackground()
    const popup = await hello(background, "c1")
    popup.request("send", { id: "m1", text: "once" })
    popup.request("clearLog", {})
    await flushPorts(50)
    popup.request("send", { id: "m1", text: "once" })
    await flushPorts(50)
    const seqs = popup
      .ofKind("res")
      .map((m) => m.output as { id?: string; seq?: number })
      .filter((output) => output.id !== undefined)
      .map(({ id, seq }) => [id, seq])
    expect(seqs).toEqual([
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
    popup.request("send", { id: "m1", text: "one" })
    const reused = popup.request("send", { id: "m1", text: "two" })
    await flushPorts(50)
    expect(answeredIds(popup)).toEqual(["m1"])
    expect(popup.ofKind("err")).toEqual([
      expect.objectContaining({ id: reused, code: "id-reused" })
    ])
  })

  it("says a view went away when a presence broadcast finds its port dead, and tells the others", async () => {
    const background = new FakeBackground()
    const popup = await hello(background, "p1", "popup")
    const panel = await hello(background, "s1", "sidepanel")
    // The panel's port dies without its disconnect having reached us yet.
    const panelServer = background.ports[1]
    panelServer.postMessage = () => {
      throw new Error("Attempting to use a disconnected port object")
    }
    await hello(background, "p2", "popup")
    expect(background.logs).toContain("Side panel disconnected")
    expect(popup.events("presence").at(-1)).toEqual({
      count: 2,
      kinds: { popup: 2 }
    })
    expect(panel.events("entry")).toEqual([])
  })

  it("empties its registry after every disconnect, logs it, and ends the view's live rows", async () => {
    const background = new FakeBackground()
    const popup = await hello(background, "c1")
    const panel = await hello(background, "c2", "sidepanel")
    expect(background.registry.size).toBe(2)
    popup.port.disconnect()
    await flushPorts(50)
    expect(panel.events("presence").at(-1)).toEqual({
      count: 1,
      kinds: { sidepanel: 1 }
    })
    expect(panel.events("progressEnded")).toEqual([{ clientId: "c1" }])
    panel.port.disconnect()
    await flushPorts(50)
    expect(background.registry.size).toBe(0)
    expect(background.logs).toContain("Popup disconnected")
    expect(background.logs).toContain("Side panel disconnected")
  })

  it("tells every view who is here after its welcome, itself included", async () => {
    const background = new FakeBackground()
    const popup = await hello(background, "c1")
    const tab = await hello(background, "t1", "tab")
    expect(popup.kinds()).toEqual(["welcome", "presence", "presence"])
    expect(tab.kinds()).toEqual(["welcome", "presence"])
    expect(tab.events("presence")).toEqual([
      { count: 2, kinds: { popup: 1, tab: 1 } }
    ])
  })
})
