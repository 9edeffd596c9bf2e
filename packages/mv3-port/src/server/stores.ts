/**
 * Where the server remembers the answers it gave, by request id, so that a
 * request re-sent after a drop gets the first answer instead of running
 * again. Kept apart from the server so an app can bring its own store.
 */
import type { ToClient } from "../wire"

/** The answer to one request, as it was posted. */
export type Answer = Extract<ToClient, { k: "res" | "err" }>

/** A store of answers; either method may be synchronous or return a promise. */
export interface AnswerStore {
  /** The answer given to request `id`, if any is remembered. */
  get(id: string): Answer | undefined | Promise<Answer | undefined>
  /** Remembers `answer` for request `id`. */
  set(id: string, answer: Answer): void | Promise<void>
}

/** Most answers a store remembers by default: far more than a view can have in flight. */
export const DEFAULT_LIMIT = 1000

/**
 * Answers kept in the worker's memory, the newest `limit` of them. They
 * are lost when Chrome stops the worker; `sessionStorageStore` is not.
 */
export function memoryStore(limit = DEFAULT_LIMIT): AnswerStore {
  const answers = new Map<string, Answer>()
  return {
    get: (id) => answers.get(id),
    set(id, answer) {
      answers.set(id, answer)
      // A Map iterates in insertion order: the first key is the oldest.
      for (const oldest of answers.keys()) {
        if (answers.size <= limit) break
        answers.delete(oldest)
      }
    }
  }
}
