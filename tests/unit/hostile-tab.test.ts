/**
 * Issue 25, "a hostile tab": what the worker lets a tab's port do, with
 * the real tab rules behind the package's server.
 */
import { MAX_HELD } from "mv3-port/server"
import { flushPorts } from "mv3-port/testing"

import { POPUP, ROOMY, TAB, tabBackground } from "./support/tab-background"
import { hello, view } from "./support/view-end"

const quick = { streamChunkMs: () => 0 }

describe("a hostile tab", () => {
  it("is who its first hello said: a second hello on its port changes nothing", async () => {
    const { background, tabs, answered, send } = tabBackground(ROOMY)
    await tabs.joinTab(7)
    const popup = await hello(background, "p", "popup", POPUP)
    const tab = await hello(background, "t", "tab", TAB)
    tab.raw({ k: "hello", data: { clientId: "p", kind: "popup" } })
    send(tab, 1)
    await flushPorts(50)
    expect(tab.port.closed).toBe(false)
    expect(tab.ofKind("welcome")).toHaveLength(1)
    expect(answered(tab)).toEqual(["m1"])
    const [entry] = await background.storedLog()
    expect(entry.from).toEqual({ clientId: "t", kind: "tab" })
    expect(popup.events("presence").at(-1)).toEqual({
      count: 2,
      kinds: { popup: 1, tab: 1 }
    })
  })

  it("may send only messages: every other request, stream and upload is refused, and nothing changes", async () => {
    const { background, tabs, injected, answered, send } = tabBackground(ROOMY)
    await tabs.joinTab(7)
    const popup = await hello(background, "p", "popup", POPUP)
    send(popup, 0)
    const tab = await hello(background, "t", "tab", TAB)
    tab.request("clearLog", {})
    tab.request("delivered", { reports: [{ id: "m0", rttMs: 1 }] })
    tab.request("joinTab", { tabId: 8 })
    const input = { id: "s1", text: "hi" }
    tab.raw({ k: "stream", id: "x1", name: "reply", input, next: 0, upTo: 8 })
    const file = { id: "f1", name: "a.txt", size: 2048, chunkBytes: 1024 }
    tab.raw({ k: "upload", id: "u1", name: "file", input: file })
    send(tab, 1)
    await flushPorts(50)
    expect(tab.ofKind("err").map((m) => m.code)).toEqual([
      "not-allowed",
      "not-allowed",
      "not-allowed"
    ])
    expect(tab.ofKind("st").map((m) => m.m)).toEqual([
      { type: "stream-cancel", id: "x1", code: "not-allowed" },
      { type: "stream-cancel", id: "u1", code: "not-allowed" }
    ])
    // The port stays open, and its messages still go through.
    expect(tab.port.closed).toBe(false)
    expect(answered(tab)).toEqual(["m1"])
    const log = await background.storedLog()
    expect(log.map((entry) => entry.id)).toEqual(["m0", "m1"])
    expect(log[0].rttMs).toBeUndefined()
    expect(popup.events("logCleared")).toEqual([])
    expect(injected).toEqual([7])
  })

  it("hears only presence and its own answers, never another view's traffic", async () => {
    const { background, tabs, answered, send } = tabBackground(ROOMY, quick)
    await tabs.joinTab(7)
    const tab = await hello(background, "t", "tab", TAB)
    const inspector = await hello(background, "d", "devtools", POPUP)
    const popup = await hello(background, "p", "popup", POPUP)
    send(popup, 1)
    const input = { id: "s1", text: "hi there" }
    popup.raw({ k: "stream", id: "x1", name: "reply", input, next: 0, upTo: 8 })
    popup.request("delivered", { reports: [{ id: "m1", rttMs: 1 }] })
    popup.request("clearLog", {})
    send(tab, 2)
    await new Promise((resolve) => setTimeout(resolve, 50))
    await flushPorts(50)
    // What the tab was kept from did happen, for the other views.
    const heard = new Set(inspector.kinds())
    for (const name of ["entry", "progress", "logCleared", "traffic"]) {
      expect(heard).toContain(name)
    }
    expect(heard).toContain("inspecting")
    expect(new Set(tab.kinds())).toEqual(
      new Set(["welcome", "presence", "res"])
    )
    expect(answered(tab)).toEqual(["m2"])
  })
})

describe("a hostile tab's budget", () => {
  it("pays for a hello as another kind of view before it is closed", async () => {
    const { background, tabs, answered, send } = tabBackground({
      floodAfter: 10
    })
    await tabs.joinTab(7)
    const liar = await hello(background, "t", "popup", TAB)
    expect(liar.port.closed).toBe(true)
    const tab = await hello(background, "t", "tab", TAB)
    send(tab, 1)
    send(tab, 2)
    await flushPorts(50)
    // Three tokens: the lie, the hello, m1.
    expect(answered(tab)).toEqual(["m1"])
    expect(tab.ofKind("err").map((m) => m.code)).toEqual(["rate-limited"])
  })

  it("pays for the bytes of its texts, not only for their number", async () => {
    const rate = { burstBytes: 100, burst: 20, floodAfter: 20 }
    const { background, tabs, answered } = tabBackground(rate)
    await tabs.joinTab(7)
    const tab = await hello(background, "t", "tab", TAB)
    tab.request("send", { id: "long1", text: "x".repeat(40) })
    tab.request("send", { id: "long2", text: "x".repeat(40) })
    tab.request("send", { id: "short", text: "x".repeat(10) })
    await flushPorts(50)
    await background.store.writes.settled()
    await flushPorts(50)
    // 80 bytes, then 80 more than the 20 left, then 20.
    expect(answered(tab)).toEqual(["long1", "short"])
    expect(tab.ofKind("err").map((m) => m.code)).toEqual(["rate-limited"])
  })

  it("holds at most MAX_HELD messages while the tab is judged, and closes it past them", async () => {
    const { background, tabs, warnings } = tabBackground({
      burst: 100,
      floodAfter: 100
    })
    await tabs.joinTab(7)
    const flood = view(background, TAB)
    flood.raw({ k: "hello", data: { clientId: "t", kind: "tab" } })
    for (let n = 1; n <= MAX_HELD; n++) {
      flood.request("send", { id: `m${n}`, text: "x" })
    }
    await flushPorts(50)
    expect(flood.port.closed).toBe(true)
    expect(flood.received).toEqual([])
    expect(await background.processedIds()).toEqual([])
    expect(warnings).toEqual([
      `Disconnected tab 7: it sent over ${MAX_HELD} messages before it was admitted`
    ])
    // One message fewer is held and served once the tab is admitted.
    const next = view(background, TAB)
    next.raw({ k: "hello", data: { clientId: "t", kind: "tab" } })
    for (let n = 1; n < MAX_HELD; n++) {
      next.request("send", { id: `n${n}`, text: "x" })
    }
    await flushPorts(50)
    expect(next.port.closed).toBe(false)
    expect(next.kinds()[0]).toBe("welcome")
    // Every one is answered (they leave as storage takes their records).
    for (
      let wait = 0;
      wait < 100 && next.received.length < MAX_HELD + 1;
      wait++
    ) {
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    expect(next.ofKind("res")).toHaveLength(MAX_HELD - 1)
  })
})
