import { flushPorts } from "mv3-port/testing"

import { createTabPorts } from "~background/tab-ports"

import { FakeSessionArea } from "./support/fake-storage"
import {
  ID,
  POPUP,
  ROOMY,
  tabBackground as setup,
  TAB
} from "./support/tab-background"
import { hello, view } from "./support/view-end"

describe("tab ports", () => {
  it("disconnects a tab it never injected into, and hears nothing it sent", async () => {
    const { background, refused, send } = setup()
    const tab = view(background, TAB)
    tab.raw({ k: "hello", data: { clientId: "t", kind: "tab" } })
    send(tab, 1)
    await flushPorts(50)
    expect(refused).toEqual(["not-injected"])
    expect(tab.port.closed).toBe(true)
    expect(tab.received).toEqual([])
    expect(background.routerHeard).toEqual([])
    expect(await background.processedIds()).toEqual([])
  })

  it("holds what an injected tab sends until it is admitted, then serves it in order", async () => {
    const { background, tabs, injected, answered, send } = setup()
    expect(await tabs.joinTab(7)).toBe(true)
    expect(injected).toEqual([7])
    const tab = view(background, TAB)
    tab.raw({ k: "hello", data: { clientId: "t", kind: "tab" } })
    send(tab, 1)
    send(tab, 2)
    await flushPorts(50)
    expect(tab.kinds()).toEqual(["welcome", "presence", "res", "res"])
    expect(answered(tab)).toEqual(["m1", "m2"])
    expect(tab.port.closed).toBe(false)
  })

  it("admits one port per tab, and the tab's next port once the first left", async () => {
    const { background, tabs, refused } = setup()
    await tabs.joinTab(7)
    const first = await hello(background, "t", "tab", TAB)
    const second = await hello(background, "t", "tab", TAB)
    expect(refused).toEqual(["tab-taken"])
    expect(second.port.closed).toBe(true)
    first.port.disconnect()
    await flushPorts(50)
    const third = await hello(background, "t", "tab", TAB)
    expect(third.port.closed).toBe(false)
    expect(third.kinds()[0]).toBe("welcome")
    expect(refused).toEqual(["tab-taken"])
  })

  it("lets the tab in again once a port it said nothing on is gone", async () => {
    const { background, tabs, refused } = setup()
    await tabs.joinTab(7)
    const silent = view(background, TAB)
    await flushPorts(50)
    silent.port.disconnect()
    await flushPorts(50)
    const next = await hello(background, "t", "tab", TAB)
    expect(next.kinds()[0]).toBe("welcome")
    expect(refused).toEqual([])
  })

  it("answers a flood with rate-limited errors, logs it once, then disconnects", async () => {
    const { background, tabs, warnings, send } = setup()
    await tabs.joinTab(7)
    const tab = await hello(background, "t", "tab", TAB)
    for (let n = 1; n <= 5; n++) send(tab, n)
    await flushPorts(50)
    // The first two were served (their answers may have gone with the port).
    await new Promise((resolve) => setTimeout(resolve, 20))
    await background.store.writes.settled()
    expect(await background.processedIds()).toEqual(["m1", "m2"])
    expect(tab.ofKind("err").map((m) => m.code)).toEqual([
      "rate-limited",
      "rate-limited"
    ])
    expect(warnings).toEqual([
      "Tab 7 is over its message limit",
      "Disconnected tab 7: it kept sending over its limit"
    ])
    expect(tab.port.closed).toBe(true)
  })

  it("never meters the extension's own pages", async () => {
    const { background, answered, send } = setup()
    const popup = await hello(background, "p", "popup", POPUP)
    for (let n = 1; n <= 10; n++) send(popup, n)
    await flushPorts(50)
    expect(answered(popup)).toHaveLength(10)
  })

  it("forgets a tab that navigated: its next port is refused until injected again", async () => {
    const { background, tabs, refused } = setup()
    await tabs.joinTab(7)
    await tabs.loading(7)
    await hello(background, "t", "tab", TAB)
    expect(refused).toEqual(["not-injected"])
  })

  it("closes a page that says hello as a tab, and a tab's port that says it is a page, with no error logged", async () => {
    const { background, tabs } = setup()
    await tabs.joinTab(7)
    const page = await hello(background, "c", "tab", POPUP)
    const tab = await hello(background, "c", "sidepanel", TAB)
    expect(page.port.closed).toBe(true)
    expect(tab.port.closed).toBe(true)
    expect(page.received).toEqual([])
    expect(tab.received).toEqual([])
    expect(background.errors).toEqual([])
    expect(background.logs).toEqual([])
    // The tab may come back as what it is.
    const again = await hello(background, "c", "tab", TAB)
    expect(again.kinds()[0]).toBe("welcome")
  })

  it("reports a refused injection as a failed join", async () => {
    const warnings: string[] = []
    const failing = createTabPorts({
      area: new FakeSessionArea(),
      extensionId: ID,
      injectWidget: () => Promise.reject(new Error("Cannot access contents")),
      rate: ROOMY,
      now: () => 0,
      warn: (text) => void warnings.push(text)
    })
    expect(await failing.joinTab(3)).toBe(false)
    expect(warnings).toEqual([
      "Could not inject the widget into tab 3: Error: Cannot access contents"
    ])
  })

  it("answers a join whose record cannot be written as failed, not never", async () => {
    const warnings: string[] = []
    const area = new FakeSessionArea()
    area.set = () => Promise.reject(new Error("quota"))
    const tabs = createTabPorts({
      area,
      extensionId: ID,
      injectWidget: async () => ({ documentId: "doc-1" }),
      rate: ROOMY,
      now: () => 0,
      warn: (text) => void warnings.push(text)
    })
    expect(await tabs.joinTab(3)).toBe(false)
    expect(warnings).toEqual([
      "Could not inject the widget into tab 3: Error: quota"
    ])
  })
})
