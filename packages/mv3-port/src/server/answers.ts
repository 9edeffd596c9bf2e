/**
 * The server's one way to remember answers and to chain steps that are
 * synchronous unless an app makes them not (a store, a validator or a
 * handler may each return a promise). With the defaults, a request is
 * answered in the call that received it: no promise, no microtask.
 */
import { isThenable } from "../core/server/serial-queue"
import type { Answer, AnswerStore } from "./stores"

/** A value now, or a promise of it. */
export type Maybe<T> = T | PromiseLike<T>

/** Calls `next` with `value` at once, or once it resolves. */
export function then<T, R>(
  value: Maybe<T>,
  next: (value: T) => Maybe<R>
): Maybe<R> {
  return isThenable(value) ? value.then(next) : next(value)
}

/** Runs `step`; a throw or a rejection becomes `failed`'s result. */
export function settled<R>(
  step: () => Maybe<R>,
  failed: (error: unknown) => R
): Maybe<R> {
  try {
    const value = step()
    return isThenable(value) ? value.then(undefined, failed) : value
  } catch (error) {
    return failed(error)
  }
}

/**
 * `store` as the server reads and writes it: a store that throws or rejects
 * is reported, and then treated as one that remembers nothing, so the
 * request is still answered.
 */
export function answerBook(
  store: AnswerStore,
  report: (error: unknown) => void
) {
  return {
    /** The answer remembered for `id`, if any. */
    lookup: (id: string): Maybe<Answer | undefined> =>
      settled(
        () => store.get(id),
        (error) => void report(error)
      ),
    /** Remembers `answer`; done when the store is. */
    keep: (id: string, answer: Answer): Maybe<void> =>
      settled(
        () => store.set(id, answer),
        (error) => void report(error)
      )
  }
}

/** The store as `answerBook` wraps it. */
export type AnswerBook = ReturnType<typeof answerBook>
