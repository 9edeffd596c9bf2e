import type { BenchResults } from "../support/results"
import { ms } from "./format"
import type { Goal } from "./goals"

/** Of the hardening issue: the valid message after a malformed one is answered at once. */
const SMALL_LIMIT_MS = 50
/** A 10 MB payload must not freeze the worker: the next valid reply within a second. */
const BIG_LIMIT_MS = 1000

/** The goals of what malformed input costs the next valid message. */
export function badInputGoals(r: Pick<BenchResults, "badInput">): Goal[] {
  const b = r.badInput
  if (!b) return []
  const expected = b.posted.small + b.posted.big
  const answered =
    b.errors === expected && b.replies === expected
      ? ""
      : `; answered ${b.errors} errors and ${b.replies} replies for ${expected} pairs`
  return [
    {
      label: "Valid reply after a malformed message, worst",
      target: `≤ ${SMALL_LIMIT_MS} ms`,
      measured: `${ms(b.small.max)} ms (p50 ${ms(b.small.p50)} ms, ${b.posted.small} pairs)${answered}`,
      met: b.small.max <= SMALL_LIMIT_MS && !answered,
      miss:
        b.small.max > SMALL_LIMIT_MS
          ? `+${ms(b.small.max - SMALL_LIMIT_MS)} ms`
          : undefined
    },
    {
      label: "Valid reply after a 10 MB payload, worst",
      target: `≤ ${BIG_LIMIT_MS} ms`,
      measured: `${ms(b.bigMax)} ms (${b.posted.big} payloads)`,
      met: b.bigMax <= BIG_LIMIT_MS,
      miss:
        b.bigMax > BIG_LIMIT_MS
          ? `+${ms(b.bigMax - BIG_LIMIT_MS)} ms; most of it is Chrome copying 10 MB between processes before any of our code runs`
          : undefined
    }
  ]
}
