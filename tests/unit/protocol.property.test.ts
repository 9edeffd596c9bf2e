import fc from "fast-check"

import { conversation } from "~protocol/conversation"

/** Any JSON value, including objects shaped almost like a view's inputs. */
const nearInput = fc.record(
  {
    id: fc.oneof(fc.uuid(), fc.string({ maxLength: 80 }), fc.integer()),
    text: fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.integer(),
      fc.constant(null)
    ),
    kept: fc.oneof(fc.nat(), fc.integer(), fc.double()),
    clientId: fc.oneof(fc.uuid(), fc.string()),
    kind: fc.oneof(fc.constantFrom("popup", "sidepanel", "tab"), fc.string()),
    tabId: fc.oneof(fc.nat(), fc.integer(), fc.string()),
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
const anyValue = fc.oneof(fc.jsonValue(), nearInput)

const { hello, requests, events, streams, uploads } = conversation
type Check = (value: unknown) => boolean
/** Every check of the table, by name. */
const checks: Array<[string, Check]> = [
  ["hello", hello],
  ...Object.entries(requests).flatMap(
    ([name, { input, output }]): Array<[string, Check]> => [
      [`${name} input`, input],
      [`${name} output`, output]
    ]
  ),
  ...Object.entries(events),
  ["reply input", streams.reply.input],
  ["reply chunk", streams.reply.chunk],
  ["file input", uploads.file.input],
  ["file output", uploads.file.output]
]

describe("the conversation's checks (property-based)", () => {
  it.each(checks)("%s never throws, and answers a boolean", (_name, check) => {
    fc.assert(
      fc.property(anyValue, (value) => {
        expect(typeof check(value)).toBe("boolean")
      }),
      { numRuns: 300 }
    )
  })

  it("a send it accepts has a string text and a well-formed id", () => {
    fc.assert(
      fc.property(nearInput, (value) => {
        if (!requests.send.input(value)) return
        expect(typeof value.text).toBe("string")
        expect(value.id.isWellFormed()).toBe(true)
        expect(
          Object.keys(value).every((k) => /^(id|text|kept)$/.test(k))
        ).toBe(true)
      }),
      { numRuns: 2000 }
    )
  })

  it("a hello it accepts names a kind of view and a token clientId", () => {
    fc.assert(
      fc.property(nearInput, (value) => {
        if (!hello(value)) return
        expect(["popup", "sidepanel", "devtools", "tab"]).toContain(value.kind)
        expect(value.clientId).toMatch(/^[A-Za-z0-9_-]{1,64}$/)
      }),
      { numRuns: 2000 }
    )
  })
})
