/**
 * A one-reader queue of chunks between a stream's receiving side and the
 * code that reads it with `for await`. `push` resolves only once the
 * reader took the chunk, so a receiver that awaits it keeps (and grants)
 * no faster than its reader reads: the credit window reaches the reader.
 */

/** What the reader sees once nothing more comes: the end, or an error. */
type Closed = { error?: unknown }

/** A channel: the iterator its reader reads, and the calls of the side that fills it. */
export interface Channel<T> {
  /** Read with `for await`; `return()` (a `break`) calls the channel's `stop`. */
  readonly iterator: AsyncIterableIterator<T>
  /** Queues `value`; resolves once the reader took it, or the channel closed. */
  push(value: T): Promise<void>
  /** No more chunks: the reader gets what is queued, then the end. */
  end(): void
  /** Stops: what is queued is dropped and the reader's next read rejects with `error`. */
  fail(error: unknown): void
  /** Stops quietly: what is queued is dropped, later pushes resolve at once. */
  close(): void
}

/** A channel whose reader's `break` (or `return()`) calls `stop`. */
export function createChannel<T>(stop: () => void): Channel<T> {
  const items: Array<{ value: T; taken: () => void }> = []
  let reader: {
    resolve(result: IteratorResult<T>): void
    reject(error: unknown): void
  } | null = null
  let closed: Closed | null = null

  function wake(): void {
    const current = reader
    if (!current) return
    const item = items.shift()
    if (item) {
      reader = null
      item.taken()
      return current.resolve({ value: item.value, done: false })
    }
    if (!closed) return
    reader = null
    if ("error" in closed) current.reject(closed.error)
    else current.resolve({ value: undefined, done: true })
  }

  function close(how: Closed, keep: boolean): void {
    if (closed) return
    closed = how
    if (!keep) for (const item of items.splice(0)) item.taken()
    wake()
  }

  return {
    iterator: {
      [Symbol.asyncIterator]() {
        return this
      },
      next: () =>
        new Promise((resolve, reject) => {
          reader = { resolve, reject }
          wake()
        }),
      async return() {
        if (!closed) {
          close({}, false)
          stop()
        }
        return { value: undefined, done: true }
      }
    },
    push: (value) =>
      new Promise((taken) => {
        if (closed) return taken()
        items.push({ value, taken })
        wake()
      }),
    end: () => close({}, true),
    fail: (error) => close({ error }, false),
    close: () => close({}, false)
  }
}
