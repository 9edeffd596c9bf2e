import fc from "fast-check"
import { flushPorts } from "mv3-port/testing"

import { FakeBackground } from "./support/fake-background"
import { hello } from "./support/view-end"

/** The codes a request may be refused with: the package's, then the app's. */
const CODES = [
  "bad-request",
  "unknown-request",
  "bad-input",
  "empty-text",
  "text-too-long",
  "id-reused",
  "not-allowed",
  "join-failed"
]

/** Anything, and values shaped almost like the package's messages. */
const nearMessage = fc.record(
  {
    k: fc.oneof(
      fc.constantFrom("hello", "ping", "req", "stream", "upload", "st"),
      fc.string(),
      fc.integer()
    ),
    id: fc.oneof(fc.uuid(), fc.string({ maxLength: 140 }), fc.integer()),
    name: fc.oneof(
      fc.constantFrom("send", "delivered", "clearLog", "joinTab", "reply"),
      fc.string()
    ),
    input: fc.oneof(
      fc.record(
        {
          id: fc.oneof(fc.uuid(), fc.string({ maxLength: 80 })),
          text: fc.oneof(fc.string({ maxLength: 60 }), fc.integer()),
          reports: fc.jsonValue(),
          tabId: fc.integer()
        },
        { requiredKeys: [] }
      ),
      fc.jsonValue()
    ),
    data: fc.jsonValue()
  },
  { requiredKeys: [] }
)

describe("the worker (property-based)", () => {
  it("answers every request it can read once, with a res or a known code, refuses the unreadable, and stays up", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.jsonValue(), nearMessage), {
          minLength: 1,
          maxLength: 20
        }),
        async (values) => {
          const background = new FakeBackground(40)
          const view = await hello(background, "c")
          for (const value of values) view.raw(value)
          // A valid message after the garbage is still answered.
          const last = view.request("send", { id: "final", text: "still" })
          for (let round = 0; round < 20; round++) await flushPorts(20)
          const answers = [...view.ofKind("res"), ...view.ofKind("err")]
          expect(answers.filter((m) => m.id === last)).toHaveLength(1)
          expect(view.ofKind("res").some((m) => m.id === last)).toBe(true)
          for (const err of view.ofKind("err")) {
            expect(CODES).toContain(err.code)
          }
          // Each request id is answered at most once.
          const ids = answers.map((m) => m.id).filter((id) => id !== null)
          expect(new Set(ids).size).toBe(ids.length)
          expect(background.errors).toEqual([])
          expect(view.port.closed).toBe(false)
          expect(background.registry.size).toBe(1)
        }
      ),
      { numRuns: 200 }
    )
  })
})
