import {
  createPortPair,
  FakeEvent,
  flushPorts,
  type FakePortEnd
} from "mv3-port/testing"

import { refuseOtherPortNames } from "~background/port-names"
import { createRefusalLog } from "~background/refused-senders"
import type { SenderInfo } from "~background/trust"

import {
  FakeBackground,
  installFakePlasmoRouter
} from "./support/fake-background"
import { hello } from "./support/view-end"

const OURS: SenderInfo = { id: "me", url: "chrome-extension://me/popup.html" }
const STRANGER: SenderInfo = { id: "x", url: "https://evil.test/" }

/** onConnect with the name check first and a Plasmo-style router after it, as in the built worker. */
function setup({ devBuild = false } = {}) {
  const onConnect = new FakeEvent<(port: FakePortEnd) => void>()
  const portMap = new Map<string, unknown>()
  const refused: Array<[SenderInfo | undefined, string]> = []
  const routerHeard: unknown[] = []
  refuseOtherPortNames<FakePortEnd>({
    onConnect,
    served: "popup-connection",
    isOwnPage: (sender) => sender?.id === "me",
    devRuntimePrefix: devBuild ? "__plasmo_runtime_" : null,
    onRefused: (sender, reason) => void refused.push([sender, reason])
  })
  installFakePlasmoRouter(onConnect, portMap, routerHeard)
  globalThis.__plasmoInternalPortMap = portMap
  function connect(name: string, sender: SenderInfo = OURS) {
    const { client, server: end } = createPortPair(name)
    Object.assign(end, { sender })
    onConnect.emit(end)
    return { client, end }
  }
  return { connect, portMap, refused, routerHeard }
}

declare global {
  // Plasmo's router keeps its ports here (see background/port-names.ts).
  var __plasmoInternalPortMap: Map<string, unknown> | undefined
}

afterEach(() => {
  delete globalThis.__plasmoInternalPortMap
})

describe("the popup-connection port handler", () => {
  it("serves our port ahead of Plasmo's router, which never hears it", async () => {
    const background = new FakeBackground()
    const popup = await hello(background, "p1")
    popup.request("send", { id: "m1", text: "hi" })
    await flushPorts(50)
    popup.raw({ port: "forged", k: "ping" })
    await flushPorts(50)
    expect(popup.kinds()).toEqual(["welcome", "presence", "res", "pong"])
    expect(background.routerHeard).toEqual([])
  })
})

describe("refuseOtherPortNames", () => {
  it("refuses other names: closed, logged, out of Plasmo's map, never routed", async () => {
    const { connect, portMap, refused, routerHeard } = setup()
    const served = connect("popup-connection")
    const unknown = connect("popup-connection ")
    expect(refused).toEqual([[OURS, "unknown-name"]])
    expect(served.end.closed).toBe(false)
    expect(unknown.end.closed).toBe(true)
    expect(portMap.get("popup-connection ")).toBeUndefined()
    expect(unknown.end.onMessage.hasListeners()).toBe(false)
    unknown.client.postMessage({ k: "hello" })
    await flushPorts()
    expect(routerHeard).toEqual([])
  })

  it("lets Plasmo's own dev runtime ports through in a dev build only", () => {
    const dev = setup({ devBuild: true })
    const runtime = dev.connect("__plasmo_runtime_page_1__")
    expect(runtime.end.closed).toBe(false)
    expect(dev.refused).toEqual([])
    expect(dev.portMap.get("__plasmo_runtime_page_1__")).toBe(runtime.end)
    const prod = setup()
    expect(prod.connect("__plasmo_runtime_page_1__").end.closed).toBe(true)
    expect(prod.refused).toEqual([[OURS, "unknown-name"]])
    // A stranger's port of that name is refused even in dev.
    expect(dev.connect("__plasmo_runtime_x", STRANGER).end.closed).toBe(true)
  })
})

describe("createRefusalLog", () => {
  it("names each refused sender once, by origin, and stops past a bound", () => {
    const warn = jest.fn()
    const log = createRefusalLog(warn)
    log({ url: "https://evil.test/a?x=1" }, "untrusted")
    log({ url: "https://evil.test/b" }, "untrusted")
    log({ origin: "https://evil.test" }, "unknown-name")
    log(undefined, "untrusted")
    expect(warn.mock.calls.map(([text]) => text)).toEqual([
      "Refused a port (not one of this extension's pages: https://evil.test)",
      "Refused a port (unknown port name: https://evil.test)",
      "Refused a port (not one of this extension's pages: unknown sender)"
    ])
    for (let i = 0; i < 200; i++) {
      log({ origin: `https://site${i}.test` }, "untrusted")
    }
    expect(warn).toHaveBeenCalledTimes(101)
    expect(warn.mock.calls.at(-1)?.[0]).toMatch(
      /further refused senders are not logged/
    )
  })
})
