import type { ToServer } from "mv3-port/server"

import {
  describe as describeMessage,
  reportsOf
} from "~background/inspector/describe"
import { MAX_PREVIEW_LENGTH } from "~protocol"

/** `target` behind a proxy that counts every property read, key by key. */
function counted<T extends object>(
  target: T,
  keys?: () => string[]
): { value: T; reads: () => number } {
  let reads = 0
  const value = new Proxy(target, {
    get(of, key, receiver) {
      reads++
      return keys ? 1 : Reflect.get(of, key, receiver)
    },
    getOwnPropertyDescriptor(of, key) {
      reads++
      return keys
        ? { value: 1, enumerable: true, configurable: true, writable: true }
        : Reflect.getOwnPropertyDescriptor(of, key)
    },
    ...(keys && { ownKeys: keys })
  })
  return { value, reads: () => reads }
}

describe("describe", () => {
  const chunk = (data: unknown): ToServer => ({
    k: "st",
    m: { type: "stream-chunk", id: "u1", index: 0, data }
  })

  it("counts binary data by its size and shows it as its size", () => {
    const described = describeMessage(chunk(new Uint8Array(1000)))
    const json =
      '{"k":"st","m":{"type":"stream-chunk","id":"u1","index":0,"data":"<1000 bytes>"}}'
    expect(described).toEqual({
      type: "stream-chunk",
      id: "u1",
      bytes: json.length + 1000,
      preview: json
    })
  })

  it("names stream and upload openings, answers and events", () => {
    const types = [
      { k: "stream", id: "p1", name: "reply", input: {}, next: 0, upTo: 1 },
      { k: "upload", id: "p2", name: "file", input: {} },
      { k: "hello", data: {} },
      { k: "res", id: "p3", output: { id: "m3" } },
      { k: "err", id: "p4", code: "bad-input" },
      { k: "event", name: "presence", data: {} },
      { k: "welcome" }
    ].map((message) => describeMessage(message as ToServer).type)
    expect(types).toEqual([
      "stream:reply",
      "upload:file",
      "hello",
      "reply",
      "error",
      "presence",
      "welcome"
    ])
  })

  it("cuts a long preview, and gives no size for what is past its bounds", () => {
    const text = (length: number): ToServer => ({
      k: "req",
      id: "p1",
      name: "send",
      input: { id: "m1", text: "x".repeat(length) }
    })
    const long = describeMessage(text(1000))
    expect(long.preview).toHaveLength(MAX_PREVIEW_LENGTH)
    expect(long.preview.endsWith("…")).toBe(true)
    expect(long.bytes).toBeGreaterThan(1000)
    const many = describeMessage(chunk(Array.from({ length: 5000 }, () => 1)))
    expect(many.bytes).toBeUndefined()
    expect(many.preview).toHaveLength(MAX_PREVIEW_LENGTH)
  })

  it("takes a view's well-formed round-trip reports out of its delivered", () => {
    const reports = [
      { id: "m1", rttMs: 3.5 },
      { id: "", rttMs: 1 },
      { id: "m2", rttMs: -1 },
      "x"
    ]
    const request = (name: string): ToServer => ({
      k: "req",
      id: "p1",
      name,
      input: { reports }
    })
    expect(reportsOf(request("delivered"))).toEqual([{ id: "m1", rttMs: 3.5 }])
    expect(reportsOf(request("send"))).toEqual([])
  })

  // The tap hears a request's input before the handler's check: the
  // package's wire reads only its envelope (a ping it rebuilds as `{k}`).
  it("looks at a bounded part of a sparse array or a many-key object, never all of it", () => {
    const delivered = (input: unknown): ToServer => ({
      k: "req",
      id: "p1",
      name: "delivered",
      input
    })
    const sparse = counted(new Array<unknown>(1e8))
    const described = describeMessage(delivered({ reports: sparse.value }))
    expect(described.bytes).toBeUndefined()
    expect(described.preview).toHaveLength(MAX_PREVIEW_LENGTH)
    expect(described.preview.startsWith('{"k":"req"')).toBe(true)
    expect(reportsOf(delivered({ reports: sparse.value }))).toEqual([])
    expect(sparse.reads()).toBeLessThan(5_000)

    const names = Array.from({ length: 1e6 }, (_, i) => `k${i}`)
    const wide = counted({}, () => names)
    const many = describeMessage(delivered(wide.value))
    expect(many.bytes).toBeUndefined()
    expect(many.preview).toContain('"k0":1,"k1":1')
    expect(wide.reads()).toBeLessThan(5_000)
  })
})
