import { createSessionServer } from "mv3-port/core/server"
import {
  createPortPair,
  FakeEvent,
  flushPorts,
  type FakePortEnd
} from "mv3-port/testing"

import {
  createPlasmoPortHandler,
  installPlasmoPortAdapter
} from "~background/plasmo-port-adapter"
import { createTabPorts } from "~background/tab-ports"
import type { SenderInfo } from "~background/trust"
import { parseEnvelope } from "~protocol"

import { installFakePlasmoRouter } from "./support/fake-background"
import { FakeSessionArea } from "./support/fake-storage"

const ID = "ljoioadnjpbeboikmkhnfnekfkfhifif"
const POPUP: SenderInfo = {
  id: ID,
  origin: `chrome-extension://${ID}`,
  url: `chrome-extension://${ID}/popup.html`
}
/** Our content script in tab 7's top frame. */
const TAB: SenderInfo = {
  id: ID,
  origin: "https://example.test",
  url: "https://example.test/",
  tab: { id: 7 },
  frameId: 0,
  documentId: "doc-1"
}

/** The adapter with the tab rules in front of a session server that echoes what it handles. */
function setup() {
  const onConnect = new FakeEvent<(port: FakePortEnd) => void>()
  const portMap = new Map<string, unknown>()
  const handled: unknown[] = []
  const warnings: string[] = []
  const refused: string[] = []
  const injected: number[] = []
  const tabs = createTabPorts<FakePortEnd>({
    area: new FakeSessionArea(),
    extensionId: ID,
    injectWidget: async (tabId) => {
      injected.push(tabId)
      return { documentId: "doc-1" }
    },
    rate: { burst: 2, perSecond: 1, floodAfter: 3 },
    now: () => 0,
    warn: (text) => void warnings.push(text)
  })
  const server = createSessionServer<
    FakePortEnd,
    unknown,
    unknown,
    null,
    { ok: false }
  >({
    unwrap: parseEnvelope,
    parse: (body) => ({ ok: true, value: body }),
    handle: (_peer, message) => void handled.push(message),
    reject: () => {},
    failed: () => {}
  })
  installPlasmoPortAdapter<FakePortEnd>({
    onConnect,
    portName: "popup-connection",
    server,
    isTrusted: (sender) => sender?.id === ID && sender.url === POPUP.url,
    gateOther: tabs.gateOther,
    meter: tabs.meter,
    onLeft: tabs.onLeft,
    onRefused: (_sender, reason) => void refused.push(reason),
    devRuntimePrefix: null,
    portMap: () => portMap
  })
  installFakePlasmoRouter(
    onConnect,
    portMap,
    createPlasmoPortHandler(server, () => {})
  )
  function connect(sender: SenderInfo) {
    const { client, server: end } = createPortPair("popup-connection")
    Object.assign(end, { sender })
    onConnect.emit(end)
    return client
  }
  const send = (client: FakePortEnd, n: number) =>
    client.postMessage({ name: "popup-connection", body: { id: `m${n}` } })
  return {
    tabs,
    connect,
    send,
    handled,
    warnings,
    refused,
    injected,
    portMap
  }
}

describe("tab ports", () => {
  it("refuses a tab it never injected into, and hears nothing it sent", async () => {
    const { connect, send, handled, refused, portMap } = setup()
    const client = connect(TAB)
    send(client, 1)
    await flushPorts(20)
    expect(refused).toEqual(["not-injected"])
    expect(client.closed).toBe(true)
    expect(handled).toEqual([])
    // Plasmo's router had put it in its map before the verdict: it is gone.
    expect(portMap.size).toBe(0)
  })

  it("holds what an injected tab sends until it is admitted, then passes it in order", async () => {
    const { tabs, connect, send, handled, injected } = setup()
    expect(await tabs.joinTab(7)).toBe(true)
    expect(injected).toEqual([7])
    const client = connect(TAB)
    send(client, 1)
    send(client, 2)
    expect(handled).toEqual([])
    await flushPorts(20)
    expect(handled).toEqual([{ id: "m1" }, { id: "m2" }])
    expect(client.closed).toBe(false)
  })

  it("admits one port per tab, and the tab's next port once the first left", async () => {
    const { tabs, connect, refused } = setup()
    await tabs.joinTab(7)
    const first = connect(TAB)
    await flushPorts(20)
    const second = connect(TAB)
    await flushPorts(20)
    expect(refused).toEqual(["tab-taken"])
    expect(second.closed).toBe(true)
    first.disconnect()
    await flushPorts(20)
    expect(connect(TAB).closed).toBe(false)
    await flushPorts(20)
    expect(refused).toEqual(["tab-taken"])
  })

  it("answers a flood with rate-limited errors, logs it once, then disconnects", async () => {
    const { tabs, connect, send, handled, warnings } = setup()
    await tabs.joinTab(7)
    const client = connect(TAB)
    const answers: unknown[] = []
    client.onMessage.addListener((message) => answers.push(message))
    for (let n = 1; n <= 5; n++) send(client, n)
    await flushPorts(20)
    expect(handled).toEqual([{ id: "m1" }, { id: "m2" }])
    expect(answers).toEqual([
      { type: "error", id: "m3", code: "rate-limited" },
      { type: "error", id: "m4", code: "rate-limited" }
    ])
    expect(warnings).toEqual([
      "Tab 7 is over its message limit",
      "Disconnected tab 7: it kept sending over its limit"
    ])
    expect(client.closed).toBe(true)
  })

  it("never meters the extension's own pages", async () => {
    const { connect, send, handled } = setup()
    const popup = connect(POPUP)
    for (let n = 1; n <= 10; n++) send(popup, n)
    await flushPorts(20)
    expect(handled).toHaveLength(10)
  })

  it("forgets a tab that navigated: its next port is refused until injected again", async () => {
    const { tabs, connect, refused } = setup()
    await tabs.joinTab(7)
    await tabs.loading(7)
    connect(TAB)
    await flushPorts(20)
    expect(refused).toEqual(["not-injected"])
  })

  it("lets a page say hello only as a page, and a tab's port only as a tab", async () => {
    const { tabs, connect, handled } = setup()
    await tabs.joinTab(7)
    const hello = (client: FakePortEnd, kind: string) =>
      client.postMessage({
        name: "popup-connection",
        body: { type: "hello", clientId: "c", kind }
      })
    const answers = (client: FakePortEnd) => {
      const seen: unknown[] = []
      client.onMessage.addListener((message) => seen.push(message))
      return seen
    }
    const page = connect(POPUP)
    const pageSaw = answers(page)
    hello(page, "tab")
    hello(page, "popup")
    const tab = connect(TAB)
    const tabSaw = answers(tab)
    hello(tab, "sidepanel")
    hello(tab, "tab")
    await flushPorts(20)
    const refusal = {
      type: "error",
      id: null,
      code: "not-allowed",
      field: "kind"
    }
    expect(pageSaw).toEqual([refusal])
    expect(tabSaw).toEqual([refusal])
    expect(handled).toEqual([
      { type: "hello", clientId: "c", kind: "popup" },
      { type: "hello", clientId: "c", kind: "tab" }
    ])
  })

  it("reports a refused injection as a failed join", async () => {
    const warnings: string[] = []
    const failing = createTabPorts<FakePortEnd>({
      area: new FakeSessionArea(),
      extensionId: ID,
      injectWidget: () => Promise.reject(new Error("Cannot access contents")),
      rate: { burst: 1, perSecond: 1, floodAfter: 1 },
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
    const tabs = createTabPorts<FakePortEnd>({
      area,
      extensionId: ID,
      injectWidget: async () => ({ documentId: "doc-1" }),
      rate: { burst: 1, perSecond: 1, floodAfter: 1 },
      now: () => 0,
      warn: (text) => void warnings.push(text)
    })
    expect(await tabs.joinTab(3)).toBe(false)
    expect(warnings).toEqual([
      "Could not inject the widget into tab 3: Error: quota"
    ])
  })
})
