import {
  createSessionServer,
  PeerRegistry,
  type Peer,
  type ServerPort
} from "mv3-port/core/server"

import { presenceOf } from "~background/views"
import type { ViewIdentity } from "~protocol/conversation"

/** Any message: the registry and the broadcast do not read them. */
type Message = { type: string }
type TestPort = ServerPort<Message> & { got: Message[] }

function port(): TestPort {
  const got: Message[] = []
  return { got, postMessage: (m) => got.push(m) }
}

const count = (registry: PeerRegistry<unknown, unknown>) =>
  [...registry.all()].length

describe("PeerRegistry", () => {
  it("adds, names and removes views, and counts presence by kind", () => {
    const registry = new PeerRegistry<TestPort, ViewIdentity>()
    const a = registry.add(port())
    const b = registry.add(port())
    expect(presenceOf(registry.all())).toEqual({ count: 0, kinds: {} })
    registry.identify(a, { clientId: "a", kind: "popup" })
    registry.identify(b, { clientId: "b", kind: "sidepanel" })
    expect(presenceOf(registry.all())).toEqual({
      count: 2,
      kinds: { popup: 1, sidepanel: 1 }
    })
    expect(registry.remove(a.port)?.meta).toEqual({
      clientId: "a",
      kind: "popup"
    })
    expect(registry.remove(a.port)).toBeUndefined()
    expect(count(registry)).toBe(1)
  })

  it("keys peers by their own port, so two of one name are two peers", () => {
    const registry = new PeerRegistry<TestPort, ViewIdentity>()
    const first = port()
    expect(registry.add(first)).toBe(registry.add(first))
    registry.add(port())
    expect(count(registry)).toBe(2)
  })

  it("does not name a port it never admitted, nor one that left", () => {
    const registry = new PeerRegistry<TestPort, ViewIdentity>()
    const stranger: Peer<TestPort, ViewIdentity> = { port: port(), meta: null }
    expect(registry.identify(stranger, { clientId: "x", kind: "popup" })).toBe(
      false
    )
    expect(count(registry)).toBe(0)
    const left = registry.add(port())
    registry.identify(left, { clientId: "l", kind: "popup" })
    registry.remove(left.port)
    // A message of it still queued reads it as never introduced.
    expect(left.meta).toBeNull()
    expect(registry.identify(left, { clientId: "l", kind: "popup" })).toBe(
      false
    )
  })
})

describe("the session server's broadcast", () => {
  it("broadcasts to every named view but the sender, dropping dead ports", () => {
    const gone = jest.fn()
    const server = createSessionServer<
      TestPort,
      unknown,
      Message,
      ViewIdentity,
      { ok: false }
    >({
      unwrap: (raw) => ({ ok: true, value: raw }),
      parse: (body) => ({ ok: true, value: body }),
      handle: () => {},
      reject: () => {},
      failed: () => {},
      onLeave: (peer) => gone(peer)
    })
    const sender = port()
    const other = port()
    const unnamed = port()
    const dead: TestPort = {
      got: [],
      postMessage: () => {
        throw new Error("Attempting to use a disconnected port object")
      }
    }
    const peers = [sender, other, unnamed, dead].map((p) => server.admit(p))
    server.identify(peers[0], { clientId: "s", kind: "popup" })
    server.identify(peers[1], { clientId: "o", kind: "popup" })
    server.identify(peers[3], { clientId: "d", kind: "sidepanel" })
    server.broadcast({ type: "pong" }, peers[0])
    expect(sender.got).toEqual([])
    expect(other.got).toEqual([{ type: "pong" }])
    expect(unnamed.got).toEqual([])
    expect([...server.peers()].map((p) => p.port)).not.toContain(dead)
    expect([...server.peers()]).toHaveLength(3)
    // The app hears of it, since the port's own disconnect will find nothing.
    expect(gone).toHaveBeenCalledWith({
      port: dead,
      meta: { clientId: "d", kind: "sidepanel" }
    })
    server.leave(dead)
    expect(gone).toHaveBeenCalledTimes(1)
  })
})
