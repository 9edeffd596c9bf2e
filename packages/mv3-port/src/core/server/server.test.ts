import {
  createSessionServer,
  type LeaveCause,
  type SessionServerOptions
} from "."
import { createPortPair, flushPorts, type FakePortEnd } from "../../testing"

type In = { n: number; hold?: boolean; boom?: "throw" | "reject" }
type Failure = { ok: false; why: string }
type Meta = { name: string }

/** A server whose app answers on the port: `did:<n>`, `bad:<why>`, `failed`. */
function setup(
  overrides: Partial<SessionServerOptions<FakePortEnd, In, Meta, Failure>> = {}
) {
  const holds: Array<() => void> = []
  const left: Array<Meta | null> = []
  const causes: LeaveCause[] = []
  const server = createSessionServer<FakePortEnd, In, unknown, Meta, Failure>({
    unwrap: (raw) =>
      typeof raw === "object" && raw !== null && "body" in raw
        ? { ok: true, value: (raw as { body: unknown }).body }
        : { ok: false, why: "envelope" },
    parse: (body) =>
      typeof body === "object" && body !== null && "n" in body
        ? { ok: true, value: body as In }
        : { ok: false, why: "body" },
    handle(peer, message) {
      if (message.boom === "throw") throw new Error("boom")
      if (message.boom === "reject") return Promise.reject(new Error("boom"))
      if (!message.hold) return void server.post(peer, `did:${message.n}`)
      return new Promise<void>((resolve) =>
        holds.push(() => {
          server.post(peer, `did:${message.n}`)
          resolve()
        })
      )
    },
    reject: (peer, failure) => void server.post(peer, `bad:${failure.why}`),
    failed: (peer) => void server.post(peer, "failed"),
    onLeave(peer, cause) {
      left.push(peer.meta)
      causes.push(cause)
    },
    ...overrides
  })
  function connect() {
    const { client, server: end } = createPortPair()
    const got: unknown[] = []
    client.onMessage.addListener((m) => got.push(m))
    const peer = server.admit(end)
    return { client, end, peer, got }
  }
  return { server, holds, left, causes, connect }
}

describe("createSessionServer", () => {
  it("handles messages one at a time: a held message holds the later ones", async () => {
    const { server, holds, connect } = setup()
    const a = connect()
    const b = connect()
    server.receive(a.end, { body: { n: 1 } })
    server.receive(a.end, { body: { n: 2, hold: true } })
    server.receive(b.end, { body: { n: 3 } })
    server.receive(a.end, "garbage")
    await flushPorts()
    expect(a.got).toEqual(["did:1"])
    expect(b.got).toEqual([])
    holds.shift()!()
    await flushPorts()
    expect(a.got).toEqual(["did:1", "did:2", "bad:envelope"])
    expect(b.got).toEqual(["did:3"])
  })

  it("runs a synchronous handler at once, in the same call", () => {
    const handle = jest.fn()
    const { server, connect } = setup({ handle })
    const a = connect()
    server.receive(a.end, { body: { n: 1 } })
    server.receive(a.end, { body: { n: 2 } })
    expect(handle.mock.calls.map(([, m]) => (m as In).n)).toEqual([1, 2])
  })

  it("parses once: screen checks the envelope, deliver the body", () => {
    const unwrap = jest.fn((raw: unknown) => ({
      ok: true as const,
      value: raw
    }))
    const parse = jest.fn((body: unknown) => ({
      ok: true as const,
      value: body as In
    }))
    const { server, connect } = setup({ unwrap, parse })
    const a = connect()
    expect(server.screen(a.end, { n: 1 })).toBe(true)
    expect(server.deliver(a.end, { n: 1 })).toBe(true)
    expect(unwrap).toHaveBeenCalledTimes(1)
    expect(parse).toHaveBeenCalledTimes(1)
  })

  it("answers parse failures in order with everything else", async () => {
    const { server, holds, connect } = setup()
    const a = connect()
    server.receive(a.end, { body: { n: 1, hold: true } })
    expect(server.screen(a.end, 7)).toBe(false)
    server.deliver(a.end, { nope: true })
    server.receive(a.end, { body: { n: 2 } })
    holds.shift()!()
    await flushPorts()
    expect(a.got).toEqual(["did:1", "bad:envelope", "bad:body", "did:2"])
  })

  it("turns a throw or a rejection into `failed`, in order, and goes on", async () => {
    const { server, connect } = setup()
    const a = connect()
    server.receive(a.end, { body: { n: 1, boom: "throw" } })
    server.receive(a.end, { body: { n: 2, boom: "reject" } })
    server.receive(a.end, { body: { n: 3 } })
    await flushPorts()
    expect(a.got).toEqual(["failed", "failed", "did:3"])
  })

  it("hears nothing from a port it never admitted", () => {
    const handle = jest.fn()
    const { server } = setup({ handle })
    const { server: stranger } = createPortPair()
    expect(server.receive(stranger, { body: { n: 1 } })).toBe(false)
    expect(server.screen(stranger, { body: { n: 1 } })).toBe(false)
    expect(server.deliver(stranger, { n: 1 })).toBe(false)
    expect(handle).not.toHaveBeenCalled()
  })

  it("broadcasts to identified peers but one, dropping a peer whose post throws", async () => {
    const { server, left, connect } = setup()
    const [a, b, c, unnamed] = [connect(), connect(), connect(), connect()]
    server.identify(a.peer, { name: "a" })
    server.identify(b.peer, { name: "b" })
    server.identify(c.peer, { name: "c" })
    c.end.postMessage = () => {
      throw new Error("Attempting to use a disconnected port object")
    }
    server.broadcast("news", a.peer)
    await flushPorts()
    expect(a.got).toEqual([])
    expect(b.got).toEqual(["news"])
    expect(unnamed.got).toEqual([])
    expect(left).toEqual([{ name: "c" }])
    expect([...server.peers()].map((p) => p.meta?.name ?? null)).toEqual([
      "a",
      "b",
      null
    ])
    // Its own disconnect, arriving later, finds nothing to tell.
    server.leave(c.end)
    expect(left).toHaveLength(1)
  })

  it("on leave forgets the port and tells the app what the peer was", async () => {
    const { server, holds, left, connect } = setup()
    const a = connect()
    server.identify(a.peer, { name: "a" })
    server.receive(a.end, { body: { n: 1, hold: true } })
    server.receive(a.end, { body: { n: 2 } })
    server.leave(a.end)
    expect(left).toEqual([{ name: "a" }])
    expect([...server.peers()]).toEqual([])
    // Its messages still queued are handled, as from an unidentified peer.
    expect(a.peer.meta).toBeNull()
    expect(server.identify(a.peer, { name: "again" })).toBe(false)
    holds.shift()!()
    await flushPorts()
    expect(a.got).toEqual(["did:1", "did:2"])
    server.leave(a.end)
    expect(left).toHaveLength(1)
  })

  it("says why a peer left: its port closed, or a post found it dead", () => {
    const { server, causes, connect } = setup()
    const [a, b] = [connect(), connect()]
    server.identify(a.peer, { name: "a" })
    server.identify(b.peer, { name: "b" })
    b.end.postMessage = () => {
      throw new Error("Attempting to use a disconnected port object")
    }
    server.broadcast("news")
    server.leave(a.end)
    expect(causes).toEqual(["unreachable", "closed"])
  })
})

describe("observe", () => {
  it("shows an observer every message in and out, raw, until it is removed", async () => {
    const { server, connect } = setup()
    const seen: unknown[] = []
    const a = connect()
    const b = connect()
    server.identify(a.peer, { name: "a" })
    server.identify(b.peer, { name: "b" })
    server.observe({
      received: (peer, raw) => void seen.push(["in", peer.meta?.name, raw]),
      posted: (peer, message) =>
        void seen.push(["out", peer.meta?.name, message])
    })
    server.receive(a.end, { body: { n: 1 } })
    server.receive(a.end, "not an envelope")
    expect(server.screen(b.end, { body: { n: 2 } })).toBe(true)
    server.broadcast("news", b.peer)
    await flushPorts()
    expect(seen).toEqual([
      ["in", "a", { body: { n: 1 } }],
      ["out", "a", "did:1"],
      ["in", "a", "not an envelope"],
      ["out", "a", "bad:envelope"],
      ["in", "b", { body: { n: 2 } }],
      ["out", "a", "news"]
    ])
    server.observe(null)
    server.receive(a.end, { body: { n: 3 } })
    await flushPorts()
    expect(seen).toHaveLength(6)
    expect(a.got).toEqual(["did:1", "bad:envelope", "news", "did:3"])
  })

  it("shows nothing of a stranger's messages or of a post that threw", () => {
    const { server, connect } = setup()
    const seen: unknown[] = []
    server.observe({
      received: (_peer, raw) => void seen.push(raw),
      posted: (_peer, message) => void seen.push(message)
    })
    const a = connect()
    a.end.postMessage = () => {
      throw new Error("Attempting to use a disconnected port object")
    }
    const { server: stranger } = createPortPair()
    server.receive(stranger, { body: { n: 1 } })
    expect(server.post(a.peer, "hello")).toBe(false)
    expect(seen).toEqual([])
  })
})
