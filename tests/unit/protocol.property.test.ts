import fc from "fast-check"
import { flushPorts, type FakePortEnd } from "mv3-port/testing"

import {
  ERROR_CODES,
  MAX_ID_LENGTH,
  parseClientMessage,
  parseEnvelope,
  parseServerMessage,
  type ServerMessage
} from "~protocol"

import { FakeBackground } from "./support/fake-background"

/** Any JSON value, including objects shaped almost like our messages. */
const nearMessage = fc.record(
  {
    type: fc.oneof(
      fc.constantFrom(
        "hello",
        "send",
        "ping",
        "clear-log",
        "delivered",
        "reply",
        "__proto__"
      ),
      fc.string(),
      fc.integer()
    ),
    id: fc.oneof(fc.uuid(), fc.string({ maxLength: 80 }), fc.integer()),
    text: fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.integer(),
      fc.constant(null)
    ),
    clientId: fc.oneof(fc.uuid(), fc.string()),
    kind: fc.oneof(fc.constantFrom("popup", "sidepanel"), fc.string()),
    reports: fc.oneof(
      fc.array(
        fc.record(
          {
            id: fc.oneof(fc.uuid(), fc.string({ maxLength: 80 })),
            rttMs: fc.oneof(
              fc.integer({ min: -10, max: 4_000_000 }),
              fc.double(),
              fc.string()
            )
          },
          { requiredKeys: [] }
        ),
        { maxLength: 4 }
      ),
      fc.jsonValue()
    ),
    extra: fc.jsonValue()
  },
  { requiredKeys: [] }
)
const anyBody = fc.oneof(fc.jsonValue(), nearMessage)
const anyRaw = fc.oneof(
  fc.jsonValue(),
  anyBody.map((body) => ({ name: "popup-connection", body })),
  fc.record({ body: anyBody, port: fc.jsonValue() })
)

describe("protocol guards (property-based)", () => {
  it("never throw, and answer valid or a known error code", () => {
    fc.assert(
      fc.property(anyRaw, (raw) => {
        const envelope = parseEnvelope(raw)
        if (!envelope.ok) {
          expect(ERROR_CODES).toContain(envelope.code)
          return
        }
        const message = parseClientMessage(envelope.value, 40)
        if (message.ok) {
          expect(["hello", "send", "ping", "clear-log", "delivered"]).toContain(
            message.value.type
          )
        } else {
          expect(ERROR_CODES).toContain(message.code)
          // Error data only: a key name (cut short) or the limit, no wording.
          expect(message).not.toHaveProperty("message")
          if (message.field !== undefined) {
            expect(typeof message.field).toBe("string")
            expect(message.field.length).toBeLessThanOrEqual(40)
          }
          if (message.code === "text-too-long") expect(message.limit).toBe(40)
        }
      }),
      { numRuns: 2000 }
    )
  })

  it("a parsed send always has a trimmed, non-empty text within the limit", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.uuid(), (text, id) => {
        const result = parseClientMessage({ type: "send", id, text }, 40)
        if (result.ok && result.value.type === "send") {
          expect(result.value.text).toBe(text.trim())
          expect(result.value.text.length).toBeGreaterThan(0)
          expect(result.value.text.length).toBeLessThanOrEqual(40)
        }
      })
    )
  })

  it("parseServerMessage never throws on anything", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (raw) => {
        parseServerMessage(raw)
      }),
      { numRuns: 1000 }
    )
  })
})

/** The answer the background owes a value posted on the port, judged apart from its parsers where it can be. */
function expectedAnswer(raw: unknown): {
  /** The types the answer may have. */
  types: Array<ServerMessage["type"]>
  /** The error code when it must be an error. */
  code?: string
  /** The id the answer must carry (null: an error that names no message). */
  id?: string | null
} {
  // Chrome serialises what crosses a port (the fake port does the same).
  const sent: unknown = JSON.parse(JSON.stringify(raw) ?? "null")
  const body =
    typeof sent === "object" && sent !== null && !Array.isArray(sent)
      ? ((sent as Record<string, unknown>).body as Record<
          string,
          unknown
        > | null)
      : null
  // A body that carries a string id (1-64 characters) names a message: any
  // answer to it, reply or error, must name that message too.
  const carried =
    typeof body === "object" &&
    body !== null &&
    !Array.isArray(body) &&
    Object.prototype.hasOwnProperty.call(body, "id") &&
    typeof body.id === "string" &&
    body.id.length > 0 &&
    body.id.length <= MAX_ID_LENGTH
      ? body.id
      : undefined
  const envelope = parseEnvelope(sent)
  if (!envelope.ok) {
    // Even in a bad envelope, a body that names a message is answered about it.
    return { types: ["error"], code: "bad-envelope", id: carried ?? null }
  }
  const parsed = parseClientMessage(envelope.value, 40)
  if (!parsed.ok) {
    return { types: ["error"], code: parsed.code, id: carried ?? null }
  }
  switch (parsed.value.type) {
    case "hello":
      return { types: ["welcome"] }
    case "send":
      // "id-reused" when an earlier value sent the same id with other text.
      return { types: ["reply", "error"], id: carried }
    case "ping":
      return { types: ["pong"] }
    case "clear-log":
      return { types: ["log-cleared"] }
    case "delivered":
      return { types: ["noted"], id: carried }
    case "join-tab":
      // The fake background injects nothing: a widget joins, or it cannot.
      return { types: ["tab-joined", "error"], id: carried }
    case "upload":
      // A grant for a new upload, or a refusal of its size.
      return { types: ["stream-grant", "error"], id: carried }
    case "stream-chunk":
    case "stream-resume":
    case "stream-end":
    case "stream-grant":
    case "stream-done":
    case "stream-cancel":
    case "stream-error":
      // No stream of that id is running (the generator starts none).
      return { types: ["stream-error"], id: carried }
  }
}

describe("the background (property-based)", () => {
  it("answers every posted value with exactly one reply or error, in order, and stays up", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(anyRaw, { minLength: 1, maxLength: 20 }),
        async (values) => {
          const background = new FakeBackground(40)
          const port = background.connect() as unknown as FakePortEnd
          const received: Array<{
            type: string
            id?: string | null
            code?: string
          }> = []
          port.onMessage.addListener((m) =>
            received.push(m as { type: string })
          )
          port.postMessage({
            name: "popup-connection",
            body: { type: "hello", clientId: "c", kind: "popup" }
          })
          for (const value of values) port.postMessage(value)
          // A valid message after the garbage is still answered.
          port.postMessage({
            name: "popup-connection",
            body: { type: "send", id: "final-id", text: "still answered" }
          })
          await flushPorts(40)
          // hello → welcome; each value → one answer of some kind (a valid
          // hello is answered with welcome, ping with pong, clear-log with
          // log-cleared); the final send → its reply, last.
          expect(received).toHaveLength(values.length + 2)
          expect(received.at(-1)).toMatchObject({
            type: "reply",
            id: "final-id"
          })
          // Every answer is a well-formed server message (an error only
          // with a known code), of the kind its value calls for, and names
          // the message the value named. Answers come in posting order.
          for (const answer of received) {
            expect(parseServerMessage(answer)).not.toBeNull()
            if (answer.type === "error") {
              expect(ERROR_CODES).toContain(answer.code)
            }
          }
          expect(received[0]).toMatchObject({ type: "welcome" })
          for (const [i, value] of values.entries()) {
            const answer = received[i + 1]
            const expected = expectedAnswer(value)
            expect(expected.types).toContain(answer.type)
            if (expected.code !== undefined) {
              expect(answer.code).toBe(expected.code)
            }
            if (answer.type === "error" && expected.types.length > 1) {
              expect(answer.code).toBe("id-reused")
            }
            if (expected.id !== undefined) expect(answer.id).toBe(expected.id)
          }
          expect(port.closed).toBe(false)
          expect(background.registry.size).toBe(1)
        }
      ),
      { numRuns: 300 }
    )
  })
})
