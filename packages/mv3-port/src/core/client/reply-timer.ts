/**
 * When each sent request's reply is due, with one timer for all of them: a
 * timer per request would cost a setTimeout and a clearTimeout on every
 * round trip. Every request waits the same `replyTimeoutMs`, so due times
 * are in the order the waits were (re)started, which is the order a Map
 * keeps. `expired` hears each wait that ran out, earliest first.
 */
export function createReplyTimer(
  options: { now: () => number; replyTimeoutMs: number },
  expired: (id: string) => void
) {
  const due = new Map<string, number>()
  let timer: ReturnType<typeof setTimeout> | undefined

  function arm(): void {
    const [earliest] = due.values()
    if (earliest === undefined) return
    timer = setTimeout(fire, Math.max(0, earliest - options.now()))
  }

  function fire(): void {
    timer = undefined
    const now = options.now()
    for (const [id, at] of due) {
      if (at > now) break
      due.delete(id)
      expired(id)
    }
    if (timer === undefined) arm()
  }

  return {
    /** (Re)starts `id`'s wait: its reply is due `replyTimeoutMs` from now. */
    start(id: string): void {
      due.delete(id)
      due.set(id, options.now() + options.replyTimeoutMs)
      if (timer === undefined) arm()
    },
    /** Ends `id`'s wait. The timer stays armed: it finds nothing due then. */
    stop(id: string): void {
      due.delete(id)
    },
    /** Ends every wait and the timer. */
    clear(): void {
      clearTimeout(timer)
      timer = undefined
      due.clear()
    }
  }
}
