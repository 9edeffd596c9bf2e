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
import { createRefusalLog } from "~background/refused-senders"
import type { SenderInfo } from "~background/trust"
import { parseEnvelope } from "~protocol"

import { installFakePlasmoRouter } from "./support/fake-background"

const OURS: SenderInfo = { id: "me", url: "chrome-extension://me/popup.html" }
const STRANGER: SenderInfo = { id: "x", url: "https://evil.test/" }

/** onConnect with the adapter first and a Plasmo-style router after it, as in the built worker. */
function setup({ devBuild = false } = {}) {
  const onConnect = new FakeEvent<(port: FakePortEnd) => void>()
  const portMap = new Map<string, unknown>()
  const handled: unknown[] = []
  const rejected: unknown[] = []
  const left: FakePortEnd[] = []
  const refused: Array<[SenderInfo | undefined, string]> = []
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
    reject: (peer, failure) => {
      rejected.push(failure)
      server.post(peer, "rejected")
    },
    failed: () => {},
    onLeave: (peer) => void left.push(peer.port)
  })
  installPlasmoPortAdapter<FakePortEnd>({
    onConnect,
    portName: "popup-connection",
    server,
    isTrusted: (sender) => sender?.id === "me",
    onRefused: (sender, reason) => void refused.push([sender, reason]),
    devRuntimePrefix: devBuild ? "__plasmo_runtime_" : null,
    portMap: () => portMap
  })
  // What the router's own listener is given, before its handler runs.
  const routerSaw: unknown[] = []
  const handler = createPlasmoPortHandler(server, () => {})
  installFakePlasmoRouter(onConnect, portMap, (req, res) => {
    routerSaw.push({ ...req, port: undefined })
    return handler(req, res)
  })
  function connect(name = "popup-connection", sender: SenderInfo = OURS) {
    const { client, server: end } = createPortPair(name)
    Object.assign(end, { sender })
    onConnect.emit(end)
    return { client, end }
  }
  return { connect, portMap, handled, rejected, left, refused, routerSaw }
}

describe("the Plasmo port adapter", () => {
  it("lets only good envelopes reach the router, and each good one the handler once", async () => {
    const { connect, handled, rejected, routerSaw } = setup()
    const { client } = connect()
    const answers: unknown[] = []
    client.onMessage.addListener((m) => answers.push(m))
    client.postMessage({ name: "popup-connection", body: { n: 1 } })
    client.postMessage("a bare string")
    client.postMessage({ body: {}, port: "forged" })
    client.postMessage({ body: { n: 2 } })
    await flushPorts()
    expect(routerSaw).toEqual([
      { name: "popup-connection", body: { n: 1 }, port: undefined },
      { body: { n: 2 }, port: undefined }
    ])
    expect(handled).toEqual([{ n: 1 }, { n: 2 }])
    expect(rejected).toHaveLength(2)
    expect(answers).toEqual(["rejected", "rejected"])
  })

  it("keeps Plasmo's map free of ports that are gone, and tells the server", async () => {
    const { connect, portMap, left } = setup()
    const first = connect()
    expect(portMap.get("popup-connection")).toBe(first.end)
    const second = connect()
    expect(portMap.get("popup-connection")).toBe(second.end)
    // An older port of the same name leaving does not take the newer one out.
    first.client.disconnect()
    await flushPorts()
    expect(left).toEqual([first.end])
    expect(portMap.get("popup-connection")).toBe(second.end)
    second.client.disconnect()
    await flushPorts()
    expect(left).toEqual([first.end, second.end])
    expect(portMap.size).toBe(0)
  })

  it("refuses unknown names and other senders: closed, logged, out of Plasmo's map, never routed", async () => {
    const { connect, portMap, refused, routerSaw, handled } = setup()
    const unknown = connect("something-else")
    const stranger = connect("popup-connection", STRANGER)
    expect(refused).toEqual([
      [OURS, "unknown-name"],
      [STRANGER, "untrusted"]
    ])
    expect(unknown.end.closed).toBe(true)
    expect(stranger.end.closed).toBe(true)
    expect(portMap.size).toBe(0)
    expect(unknown.end.onMessage.hasListeners()).toBe(false)
    expect(stranger.end.onMessage.hasListeners()).toBe(false)
    await flushPorts()
    expect(routerSaw).toEqual([])
    expect(handled).toEqual([])
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
