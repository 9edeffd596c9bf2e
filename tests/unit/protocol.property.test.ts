import fc from "fast-check"

import {
  ERROR_CODES,
  parseClientMessage,
  parseEnvelope,
  parseServerMessage
} from "~lib/protocol"

import { FakeBackground } from "./support/fake-background"
import { flushPorts, type FakePortEnd } from "./support/fake-port"

/** Any JSON value, including objects shaped almost like our messages. */
const nearMessage = fc.record(
  {
    type: fc.oneof(
      fc.constantFrom(
        "hello",
        "send",
        "ping",
        "clear-log",
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
          expect(["hello", "send", "ping", "clear-log"]).toContain(
            message.value.type
          )
        } else {
          expect(ERROR_CODES).toContain(message.code)
          expect(typeof message.message).toBe("string")
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

describe("the background (property-based)", () => {
  it("answers every posted value with exactly one reply or error, in order, and stays up", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(anyRaw, { minLength: 1, maxLength: 20 }),
        async (values) => {
          const background = new FakeBackground(40)
          const port = background.connect() as unknown as FakePortEnd
          const received: Array<{ type: string; id?: string | null }> = []
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
          expect(port.closed).toBe(false)
          expect(background.registry.size).toBe(1)
        }
      ),
      { numRuns: 300 }
    )
  })
})
