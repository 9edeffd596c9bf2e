import { ViewRegistry, type ServerPort } from "~background/registry"
import type { ServerMessage } from "~lib/protocol"

function port(): ServerPort & { got: ServerMessage[] } {
  const got: ServerMessage[] = []
  return { got, postMessage: (m) => got.push(m) }
}

describe("ViewRegistry", () => {
  it("adds, names and removes views, and counts presence by kind", () => {
    const registry = new ViewRegistry()
    const a = port()
    const b = port()
    registry.add(a)
    registry.add(b)
    expect(registry.presence()).toEqual({ count: 0, kinds: {} })
    registry.identify(a, { clientId: "a", kind: "popup" })
    registry.identify(b, { clientId: "b", kind: "sidepanel" })
    expect(registry.presence()).toEqual({
      count: 2,
      kinds: { popup: 1, sidepanel: 1 }
    })
    expect(registry.remove(a)).toEqual({ clientId: "a", kind: "popup" })
    expect(registry.remove(a)).toBeUndefined()
    expect(registry.size).toBe(1)
  })

  it("does not name a port it never admitted", () => {
    const registry = new ViewRegistry()
    expect(registry.identify(port(), { clientId: "x", kind: "popup" })).toBe(
      false
    )
    expect(registry.size).toBe(0)
  })

  it("broadcasts to every named view but the sender, dropping dead ports", () => {
    const registry = new ViewRegistry()
    const sender = port()
    const other = port()
    const unnamed = port()
    const dead: ServerPort = {
      postMessage: () => {
        throw new Error("Attempting to use a disconnected port object")
      }
    }
    for (const p of [sender, other, unnamed, dead]) registry.add(p)
    registry.identify(sender, { clientId: "s", kind: "popup" })
    registry.identify(other, { clientId: "o", kind: "popup" })
    registry.identify(dead, { clientId: "d", kind: "sidepanel" })
    const gone = jest.fn()
    registry.broadcast({ type: "pong" }, sender, gone)
    expect(sender.got).toEqual([])
    expect(other.got).toEqual([{ type: "pong" }])
    expect(unnamed.got).toEqual([])
    expect(registry.has(dead)).toBe(false)
    expect(registry.size).toBe(3)
    // The caller hears of it, since the port's own disconnect will find nothing.
    expect(gone).toHaveBeenCalledWith(
      { clientId: "d", kind: "sidepanel" },
      dead
    )
  })
})
