import fc from "fast-check"

import {
  ERROR_CODES,
  parseClientMessage,
  parseEnvelope,
  parseServerMessage
} from "~protocol"

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
