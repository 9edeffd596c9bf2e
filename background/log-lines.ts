/**
 * Gathers the background's log lines and writes each gathering as one
 * console entry of several lines: one console.log per message is a
 * noticeable share of a burst's cost (the ablation rows of
 * bench/results/latest.md).
 *
 * `schedule` decides when a gathering is written. The conversation passes
 * its store's `afterHandOff`: it runs at once when no storage write is
 * waiting, and during a burst (writes waiting) the lines go out with the
 * answers they describe. A microtask would not do: each port message is
 * its own task in Chrome, so a microtask flush gathers one line at a time.
 */
export function createLineBatch(
  write: (text: string) => void,
  schedule: (flush: () => void) => void
): (line: string) => void {
  let lines: string[] = []

  function flush(): void {
    const text = lines.join("\n")
    lines = []
    write(text)
  }

  return function log(line: string): void {
    lines.push(line)
    if (lines.length === 1) schedule(flush)
  }
}
