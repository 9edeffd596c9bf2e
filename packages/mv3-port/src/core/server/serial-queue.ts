/** A unit of work: done when it returns, or when the promise it returns settles. */
export type Task = () => void | PromiseLike<void>

/**
 * Runs tasks strictly one at a time, in the order they were given. A task
 * that returns a promise holds back every later task until it settles; a
 * task that returns nothing lets the next one run at once, in the same
 * call stack, so a run of synchronous tasks costs no microtask.
 *
 * Tasks are expected to handle their own errors. One that throws anyway (or
 * whose promise rejects) does not stop the queue: its error is rethrown
 * outside the queue, where the host reports it as uncaught.
 */
export function createSerialQueue() {
  const waiting: Task[] = []
  let busy = false

  function runFrom(first: Task): void {
    busy = true
    let task: Task | undefined = first
    while (task) {
      let result: void | PromiseLike<void> = undefined
      try {
        result = task()
      } catch (error) {
        rethrowLater(error)
      }
      if (isThenable(result)) {
        // Hold the rest until this one settles, whichever way it does.
        result.then(next, (error: unknown) => {
          rethrowLater(error)
          next()
        })
        return
      }
      task = waiting.shift()
    }
    busy = false
  }

  function next(): void {
    const task = waiting.shift()
    if (task) runFrom(task)
    else busy = false
  }

  return {
    /** Runs `task` now if nothing is running or waiting, else after the tasks before it. */
    push(task: Task): void {
      if (busy) waiting.push(task)
      else runFrom(task)
    }
  }
}

/** The queue `createSerialQueue` returns. */
export type SerialQueue = ReturnType<typeof createSerialQueue>

function rethrowLater(error: unknown): void {
  queueMicrotask(() => {
    throw error
  })
}

/** True for a promise or anything else with a `then` method. */
export function isThenable<T = void>(
  value: T | PromiseLike<T>
): value is PromiseLike<T> {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as PromiseLike<T>).then === "function"
  )
}
