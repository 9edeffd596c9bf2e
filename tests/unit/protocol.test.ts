import { STREAM_ERROR_CODES } from "mv3-port/core"

import {
  parseClientMessage,
  parseEnvelope,
  parseServerMessage,
  STREAM_ERROR_CODES as PROTOCOL_STREAM_ERRORS,
  replyText
} from "~protocol"

const MAX = 20

describe("parseEnvelope", () => {
  it("accepts Plasmo's { name, body } and a bare { body }", () => {
    expect(parseEnvelope({ name: "popup-connection", body: 1 })).toEqual({
      ok: true,
      value: 1
    })
    expect(parseEnvelope({ body: null })).toEqual({ ok: true, value: null })
  })

  it.each([
    ["null", null],
    ["a number", 42],
    ["a string", "hello"],
    ["an array", [{ body: 1 }]],
    ["no body", { name: "popup-connection" }],
    ["another port's name", { name: "other", body: {} }],
    ["a `port` field that would replace req.port", { body: {}, port: 1 }],
    ["any extra field", { body: {}, extra: true }]
  ])("rejects %s as a bad envelope", (_label, raw) => {
    const result = parseEnvelope(raw)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.code).toBe("bad-envelope")
  })

  it("names the offending key of a bad envelope, cut short", () => {
    expect(parseEnvelope({ body: {}, port: 1 })).toMatchObject({
      ok: false,
      field: "port"
    })
    expect(parseEnvelope({ name: "other", body: {} })).toMatchObject({
      field: "name"
    })
    expect(parseEnvelope({ name: "popup-connection" })).toMatchObject({
      field: "body"
    })
    const long = "k".repeat(100)
    expect(parseEnvelope({ body: {}, [long]: 1 })).toMatchObject({
      field: long.slice(0, 40)
    })
  })
})

describe("parseClientMessage", () => {
  it("accepts each message type", () => {
    expect(
      parseClientMessage({ type: "hello", clientId: "c1", kind: "popup" }, MAX)
    ).toEqual({
      ok: true,
      value: { type: "hello", clientId: "c1", kind: "popup" }
    })
    expect(parseClientMessage({ type: "ping" }, MAX)).toEqual({
      ok: true,
      value: { type: "ping" }
    })
    expect(parseClientMessage({ type: "clear-log" }, MAX).ok).toBe(true)
  })

  it("accepts batched delivery reports with sane round trips, and nothing else", () => {
    const reports = [
      { id: "m1", rttMs: 3.2 },
      { id: "m2", rttMs: 0 }
    ]
    expect(parseClientMessage({ type: "delivered", reports }, MAX)).toEqual({
      ok: true,
      value: { type: "delivered", reports }
    })
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
    for (const value of bad) {
      expect(
        parseClientMessage({ type: "delivered", reports: value }, MAX)
      ).toMatchObject({ ok: false, code: "bad-message" })
    }
  })

  it("refuses an id with a lone surrogate, which storage would not keep as it is", () => {
    for (const id of ["\ud800a", "a\udc00", "\udc00\ud800"]) {
      expect(
        parseClientMessage({ type: "send", id, text: "x" }, MAX)
      ).toMatchObject({ ok: false, code: "bad-message", field: "id" })
    }
    expect(
      parseClientMessage({ type: "send", id: "\ud83d\ude00", text: "x" }, MAX)
        .ok
    ).toBe(true)
  })

  it("takes a clientId of letters, digits, - and _ only", () => {
    expect(
      parseClientMessage(
        {
          type: "hello",
          clientId: "3f2c8a1e-9b7d-4c2e-8f10-5a6b7c8d9e0f",
          kind: "tab"
        },
        MAX
      ).ok
    ).toBe(true)
    for (const clientId of ["a\u001b[2J", "a\nb", "a b", "é", "\u202e", ""]) {
      expect(
        parseClientMessage({ type: "hello", clientId, kind: "tab" }, MAX)
      ).toMatchObject({ ok: false, code: "bad-message", field: "clientId" })
    }
  })

  it("trims the text of a send", () => {
    expect(
      parseClientMessage({ type: "send", id: "m1", text: "  hi  " }, MAX)
    ).toEqual({ ok: true, value: { type: "send", id: "m1", text: "hi" } })
  })

  it.each([
    [null, "unknown-type", null],
    [42, "unknown-type", null],
    [[], "unknown-type", null],
    [{}, "unknown-type", null],
    [{ type: "nope" }, "unknown-type", null],
    [{ type: "constructor" }, "unknown-type", null],
    [{ type: "__proto__" }, "unknown-type", null],
    [{ type: "send", text: "hi" }, "bad-message", null],
    [{ type: "send", id: "", text: "hi" }, "bad-message", null],
    [{ type: "send", id: "x".repeat(65), text: "hi" }, "bad-message", null],
    [{ type: "send", id: "m1", text: 5 }, "bad-message", "m1"],
    [{ type: "send", id: "m1", text: "   " }, "empty-text", "m1"],
    [
      { type: "send", id: "m1", text: "x".repeat(MAX + 1) },
      "text-too-long",
      "m1"
    ],
    [{ type: "send", id: "m1", text: "hi", extra: 1 }, "bad-message", "m1"],
    [{ type: "hello", clientId: "c", kind: "options" }, "bad-message", null],
    [{ type: "hello", kind: "popup" }, "bad-message", null],
    [{ type: "ping", id: "m2", more: true }, "bad-message", "m2"]
  ])("rejects %j with %s (id %s)", (body, code, id) => {
    const result = parseClientMessage(body, MAX)
    expect(result).toMatchObject({ ok: false, code, id })
  })

  it("carries data, not wording: the offending field or the limit", () => {
    expect(
      parseClientMessage({ type: "send", id: "m1", text: 5 }, MAX)
    ).toEqual({ ok: false, code: "bad-message", id: "m1", field: "text" })
    expect(
      parseClientMessage({ type: "send", id: "m1", text: "hi", extra: 1 }, MAX)
    ).toEqual({ ok: false, code: "bad-message", id: "m1", field: "extra" })
    expect(
      parseClientMessage({ type: "hello", clientId: "c", kind: "x" }, MAX)
    ).toEqual({ ok: false, code: "bad-message", id: null, field: "kind" })
    expect(parseClientMessage({ type: "delivered", reports: [] }, MAX)).toEqual(
      { ok: false, code: "bad-message", id: null, field: "reports" }
    )
    expect(
      parseClientMessage(
        { type: "send", id: "m1", text: "x".repeat(MAX + 1) },
        MAX
      )
    ).toEqual({ ok: false, code: "text-too-long", id: "m1", limit: MAX })
    expect(parseClientMessage({ type: "nope" }, MAX)).toEqual({
      ok: false,
      code: "unknown-type",
      id: null
    })
  })

  it("accepts text exactly at the limit", () => {
    const text = "x".repeat(MAX)
    expect(parseClientMessage({ type: "send", id: "m", text }, MAX).ok).toBe(
      true
    )
  })
})

describe("parseServerMessage", () => {
  it("accepts a reply and rejects one with a missing id", () => {
    const reply = {
      type: "reply",
      id: "m1",
      seq: 1,
      at: 1700000000000,
      text: "hi",
      reply: replyText("hi")
    }
    expect(parseServerMessage(reply)).toEqual(reply)
    expect(parseServerMessage({ ...reply, id: undefined })).toBeNull()
  })

  it.each([
    null,
    "reply",
    { type: "reply" },
    { type: "error", id: null },
    { type: "error", id: null, code: "bad-message", field: 1 },
    { type: "error", id: null, code: "text-too-long", limit: "2000" },
    { type: "x" }
  ])("rejects %j", (raw) => expect(parseServerMessage(raw)).toBeNull())

  it("accepts an error as data: a code, and a field or a limit", () => {
    const error = { type: "error", id: "m1", code: "text-too-long", limit: 20 }
    expect(parseServerMessage(error)).toEqual(error)
    const bad = { type: "error", id: null, code: "bad-message", field: "x" }
    expect(parseServerMessage(bad)).toEqual(bad)
  })
})

describe("replyText", () => {
  it("uses the tutorial's wording", () => {
    expect(replyText("hello")).toBe('Background received: "hello"')
  })
})

describe("refusals carry data, not sentences", () => {
  it("names the wrong field and the exceeded limit", () => {
    expect(
      parseClientMessage({ type: "send", id: "m1", text: "hi", extra: 1 }, MAX)
    ).toEqual({ ok: false, code: "bad-message", id: "m1", field: "extra" })
    expect(
      parseClientMessage({ type: "send", id: "m1", text: 5 }, MAX)
    ).toEqual({ ok: false, code: "bad-message", id: "m1", field: "text" })
    expect(
      parseClientMessage({ type: "send", id: "m1", text: "x".repeat(21) }, MAX)
    ).toEqual({ ok: false, code: "text-too-long", id: "m1", limit: MAX })
    expect(parseEnvelope({ body: { id: "m9" }, port: 1 })).toEqual({
      ok: false,
      code: "bad-envelope",
      id: "m9",
      field: "port"
    })
  })
})

describe("parseServerMessage is as strict as the background's parser", () => {
  const presence = { count: 1, kinds: { popup: 1 } }
  const entry = {
    id: "m1",
    seq: 1,
    at: 1,
    from: { clientId: "c1", kind: "popup" },
    text: "hi",
    reply: replyText("hi")
  }

  it("accepts every message type the background sends", () => {
    const messages = [
      { type: "welcome", presence },
      { type: "reply", id: "m1", seq: 1, at: 1, text: "hi", reply: "r" },
      {
        type: "reply",
        id: "m1",
        seq: 1,
        at: 1,
        text: "hi",
        reply: "r",
        rttMs: 2
      },
      { type: "relay", entry },
      { type: "relay", entry: { ...entry, rttMs: 3.5 } },
      { type: "error", id: null, code: "internal" },
      { type: "error", id: "m1", code: "text-too-long", limit: 20 },
      { type: "pong" },
      { type: "presence", presence },
      { type: "log-cleared" },
      { type: "noted", count: 2 }
    ]
    for (const message of messages) {
      expect(parseServerMessage(message)).toEqual(message)
    }
  })

  it.each([
    [
      "a reply's round trip that is not a number",
      {
        type: "reply",
        id: "m1",
        seq: 1,
        at: 1,
        text: "",
        reply: "",
        rttMs: "2"
      }
    ],
    [
      "presence kinds that are not counts",
      { type: "presence", presence: { count: 1, kinds: { popup: "1" } } }
    ],
    [
      "presence of an unknown view kind",
      { type: "presence", presence: { count: 1, kinds: { options: 1 } } }
    ],
    ["an undeclared field", { type: "pong", extra: true }],
    [
      "an entry with an undeclared field",
      { type: "relay", entry: { ...entry, html: "<b>" } }
    ],
    ["an unknown error code", { type: "error", id: null, code: "teapot" }],
    ["a negative count", { type: "noted", count: -1 }]
  ])("refuses %s", (_label, raw) => {
    expect(parseServerMessage(raw)).toBeNull()
  })
})

describe("the app's protocol table", () => {
  it("declares exactly the stream error codes the mechanism sends (protocol/ cannot import them)", () => {
    expect([...PROTOCOL_STREAM_ERRORS]).toEqual([...STREAM_ERROR_CODES])
  })
})
