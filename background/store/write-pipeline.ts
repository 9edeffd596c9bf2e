import type { SessionArea } from "~storage/layout"

/** A storage call to make; `upTo` numbers the last `set`/`remove` it carries out. */
type Write =
  | { kind: "set"; items: Record<string, unknown>; upTo: number }
  | { kind: "remove"; keys: string[]; upTo: number }

/** A `written()` caller: waits for the writes numbered up to `upTo`. */
interface WrittenWaiter {
  upTo: number
  /** The first of its writes that failed, once one has. */
  failure?: { error: unknown }
  resolve(): void
  reject(error: unknown): void
}

/**
 * Hands writes to `chrome.storage.session` in order, coalescing them while
 * one is in flight, and runs callbacks once everything written so far has
 * been handed over (`afterHandOff`) or has completed (`written`).
 *
 * Why: every answered message is recorded before its reply goes out, so a
 * re-sent id after a worker restart is recognised. Each storage call is an
 * IPC to the browser process, so one per message would cap a burst's
 * throughput (the ablation rows of bench/results/latest.md). While a write is in flight, later writes wait and go out
 * together when it settles; the replies that depend on them wait with them.
 * A message that arrives when nothing is in flight is written and answered
 * at once.
 *
 * Chrome applies a context's storage calls in the order they are made, so
 * issuing them in order is enough; only batching waits for a write to settle.
 */
export class WritePipeline {
  private queued: Write[] = []
  private waiting: Array<() => void> = []
  private inFlight = false
  /** `set` and `remove` calls so far, which number the writes. */
  private handed = 0
  /** Writes completed (or failed) so far: they complete in the order handed. */
  private completed = 0
  private writtenWaiters: WrittenWaiter[] = []

  constructor(
    private readonly area: SessionArea,
    private readonly onError: (error: unknown) => void
  ) {}

  /** Queues `items` to be set (merged with a set queued just before it). */
  set(items: Record<string, unknown>): void {
    const upTo = ++this.handed
    const last = this.queued.at(-1)
    if (last?.kind === "set") {
      Object.assign(last.items, items)
      last.upTo = upTo
    } else this.queued.push({ kind: "set", items: { ...items }, upTo })
    this.pump()
  }

  /** Queues `keys` to be removed, after every write queued before it. */
  remove(keys: string[]): void {
    if (keys.length === 0) return
    this.queued.push({ kind: "remove", keys, upTo: ++this.handed })
    this.pump()
  }

  /**
   * Runs `task` once every write queued so far has been handed to storage:
   * at once when none is waiting, else right after they are issued. Tasks run
   * in the order they were given.
   */
  afterHandOff(task: () => void): void {
    if (this.queued.length === 0 && this.waiting.length === 0) return task()
    this.waiting.push(task)
  }

  /** Resolves once nothing is queued or in flight (for tests and shutdown). */
  async settled(): Promise<void> {
    while (this.completed < this.handed) await this.written().catch(() => {})
  }

  /**
   * Resolves once every write handed over so far has completed: stored,
   * not only issued as `afterHandOff` waits for. Rejects with the error of
   * the first of them that failed (which `onError` hears of too). Writes
   * handed over later are not waited for, so a burst does not hold it back.
   */
  written(): Promise<void> {
    if (this.completed === this.handed) return Promise.resolve()
    return new Promise((resolve, reject) =>
      this.writtenWaiters.push({ upTo: this.handed, resolve, reject })
    )
  }

  private issue(write: Write): Promise<void> {
    try {
      return write.kind === "set"
        ? this.area.set(write.items)
        : this.area.remove(write.keys)
    } catch (error) {
      // A storage area that throws instead of rejecting must not stall replies.
      return Promise.reject(error)
    }
  }

  private pump(): void {
    if (this.inFlight || this.queued.length === 0) return
    const batch = this.queued.splice(0)
    this.inFlight = true
    const writes = batch.map((write) => this.issue(write))
    // Handed over: whatever waited for these writes may go out now.
    for (const task of this.waiting.splice(0)) task()
    void Promise.allSettled(writes).then((results) => {
      results.forEach((result, i) => {
        if (result.status === "rejected") this.failed(result.reason)
        this.completed = batch[i].upTo
      })
      this.tellWritten()
      this.inFlight = false
      this.pump()
    })
  }

  /** A write past `completed` failed: so did `written()` for whoever waits on it. */
  private failed(error: unknown): void {
    this.onError(error)
    for (const waiter of this.writtenWaiters) {
      if (waiter.upTo > this.completed) waiter.failure ??= { error }
    }
  }

  /** Settles the `written()` callers whose writes have all completed, in order. */
  private tellWritten(): void {
    const waiters = this.writtenWaiters
    while (waiters.length > 0 && waiters[0].upTo <= this.completed) {
      const { failure, resolve, reject } = waiters.shift()!
      if (failure) reject(failure.error)
      else resolve()
    }
  }
}
