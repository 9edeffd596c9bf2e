// The worker's work per message, the same function on both sides: count the
// run's handling of each index (to find duplicates) and echo the payload
// with the order the handler ran in.
import type { Echo, Echoed, Tally } from "./protocol"

let seq = 0
// Only the latest run is kept: runs are measured one after another.
let current = { run: "", counts: new Map<number, number>() }

/** Echoes `input`, stamped with the order in which the handler ran. */
export function echo(input: Echo): Echoed {
  if (input.run !== current.run) current = { run: input.run, counts: new Map() }
  current.counts.set(input.i, (current.counts.get(input.i) ?? 0) + 1)
  return { ...input, seq: ++seq }
}

/** What the handler saw of run `run` (nothing, once a later run began). */
export function tally(run: string): Tally {
  if (run !== current.run) return { handled: 0, duplicates: 0 }
  let duplicates = 0
  for (const count of current.counts.values()) duplicates += count - 1
  return { handled: current.counts.size, duplicates }
}
