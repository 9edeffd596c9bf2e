import { replyText } from "~protocol"
import { conversation } from "~protocol/conversation"
import { object, string, type Guard } from "~protocol/schema"

const { hello, requests, events } = conversation
const sendInput = requests.send.input
const deliveredInput = requests.delivered.input

/** A plain object with `n` keys besides `base`'s. */
const withKeys = (base: object, n: number) =>
  Object.assign(
    Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i])),
    base
  )

describe("the conversation's checks of what a view sends", () => {
  it("accept each request's input and a hello", () => {
    expect(hello({ clientId: "c1", kind: "popup" })).toBe(true)
    expect(sendInput({ id: "m1", text: "hi" })).toBe(true)
    expect(sendInput({ id: "m1", text: "hi", kept: 2 })).toBe(true)
    expect(requests.clearLog.input({})).toBe(true)
    expect(requests.joinTab.input({ tabId: 3 })).toBe(true)
    const reports = [
      { id: "m1", rttMs: 3.2 },
      { id: "m2", rttMs: 0 }
    ]
    expect(deliveredInput({ reports })).toBe(true)
  })

  it("accept batched delivery reports with sane round trips, and nothing else", () => {
    const bad = [
      [],
      [{ id: "m1", rttMs: -1 }],
      [{ id: "m1", rttMs: Number.NaN }],
      [{ id: "m1", rttMs: "3" }],
      [{ id: "m1", rttMs: 3_600_001 }],
      [{ rttMs: 1 }],
      [{ id: "m1", rttMs: 1, extra: true }],
      Array.from({ length: 101 }, (_, i) => ({ id: `m${i}`, rttMs: 1 })),
      "m1",
      null,
      // Structured clone carries holes: every() would skip them.
      // eslint-disable-next-line no-sparse-arrays
      [, { id: "m1", rttMs: 1 }],
      new Array(1),
      Object.assign(new Array(100_000_000), { 0: { id: "m1", rttMs: 1 } })
    ]
    for (const reports of bad) expect(deliveredInput({ reports })).toBe(false)
  })

  it("refuse a huge sparse array by its length, without reading an item", () => {
    let read = 0
    const huge = new Proxy(new Array(100_000_000), {
      get(target, key, receiver) {
        if (typeof key === "string" && /^\d+$/.test(key)) read++
        return Reflect.get(target, key, receiver) as unknown
      },
      has(target, key) {
        if (typeof key === "string" && /^\d+$/.test(key)) read++
        return Reflect.has(target, key)
      }
    })
    expect(deliveredInput({ reports: huge })).toBe(false)
    expect(read).toBe(0)
  })

  it("refuse an object of many keys at its first undeclared one", () => {
    expect(sendInput(withKeys({ id: "m1", text: "hi" }, 10_000))).toBe(false)
    expect(hello(withKeys({ clientId: "c", kind: "tab" }, 10_000))).toBe(false)
    // No declared field's guard runs on an object that has an undeclared key.
    const guard = jest.fn(string()) as unknown as Guard<string>
    expect(object({ text: guard })(withKeys({ text: "hi" }, 10_000))).toBe(
      false
    )
    expect(guard).not.toHaveBeenCalled()
  })

  it("refuse an id with a lone surrogate, which storage would not keep as it is", () => {
    for (const id of ["\ud800a", "a\udc00", "\udc00\ud800"]) {
      expect(sendInput({ id, text: "x" })).toBe(false)
    }
    expect(sendInput({ id: "\ud83d\ude00", text: "x" })).toBe(true)
  })

  it("take at hello a clientId of letters, digits, - and _ only", () => {
    const uuid = "3f2c8a1e-9b7d-4c2e-8f10-5a6b7c8d9e0f"
    expect(hello({ clientId: uuid, kind: "tab" })).toBe(true)
    const bad = ["a\u001b[2J", "a\nb", "a b", "é", "\u202e", "a\u200fb", ""]
    for (const clientId of bad) {
      expect(hello({ clientId, kind: "tab" })).toBe(false)
    }
  })

  it.each([
    ["no id", sendInput, { text: "hi" }],
    ["an empty id", sendInput, { id: "", text: "hi" }],
    ["an id over 64 characters", sendInput, { id: "x".repeat(65), text: "hi" }],
    ["a text that is not a string", sendInput, { id: "m1", text: 5 }],
    ["an undeclared key", sendInput, { id: "m1", text: "hi", extra: 1 }],
    ["a kept that is not a count", sendInput, { id: "m", text: "", kept: -1 }],
    ["a kind of view that is none", hello, { clientId: "c", kind: "options" }],
    ["a hello with no clientId", hello, { kind: "popup" }],
    [
      "a hello with an undeclared key",
      hello,
      { clientId: "c", kind: "tab", x: 1 }
    ],
    ["a clearLog carrying anything", requests.clearLog.input, { all: true }],
    ["a tabId that is not a count", requests.joinTab.input, { tabId: "3" }],
    ["an array for an object", sendInput, [{ id: "m1", text: "hi" }]],
    ["null", sendInput, null],
    ["a class instance", sendInput, Object.assign(new Date(), { id: "m" })]
  ])("refuse %s", (_label, check, value) => {
    expect(check(value)).toBe(false)
  })
})

describe("the conversation's checks of what the background sends", () => {
  const presence = { count: 1, kinds: { popup: 1 } }
  const entry = {
    id: "m1",
    seq: 1,
    at: 1,
    from: { clientId: "c1", kind: "popup" },
    text: "hi",
    reply: replyText("hi")
  }
  const reply = { id: "m1", seq: 1, at: 1, text: "hi", reply: "r" }

  it("accept a reply, an entry and presence", () => {
    expect(requests.send.output(reply)).toBe(true)
    expect(requests.send.output({ ...reply, stopped: true, bytes: 3 })).toBe(
      true
    )
    expect(events.entry(entry)).toBe(true)
    expect(events.entry({ ...entry, rttMs: 3.5 })).toBe(true)
    expect(events.presence(presence)).toBe(true)
    expect(events.logCleared({})).toBe(true)
  })

  it.each([
    ["a reply with no id", requests.send.output, { ...reply, id: undefined }],
    ["a reply with a round trip", requests.send.output, { ...reply, rttMs: 2 }],
    [
      "an entry's round trip not a number",
      events.entry,
      { ...entry, rttMs: "2" }
    ],
    [
      "an entry with an undeclared key",
      events.entry,
      { ...entry, html: "<b>" }
    ],
    [
      "presence kinds not counts",
      events.presence,
      { count: 1, kinds: { popup: "1" } }
    ],
    [
      "presence of an unknown kind",
      events.presence,
      { count: 1, kinds: { options: 1 } }
    ],
    ["a negative count", requests.delivered.output, { count: -1 }],
    ["an event carrying anything", events.logCleared, { extra: true }]
  ])("refuse %s", (_label, check, value) => {
    expect(check(value)).toBe(false)
  })
})

describe("replyText", () => {
  it("uses the tutorial's wording", () => {
    expect(replyText("hello")).toBe('Background received: "hello"')
  })
})
