import type { ConversationStore, StoreStage } from "./store"

/**
 * What keeps the conversation's order while the package runs handlers side
 * by side: each task runs once the store has read the stage it needs, and
 * never before a task asked for earlier (a Clear that waits for the log
 * after a restart holds the messages after it). An answer leaves only once
 * the changes recorded before it were handed to storage, so a reply never
 * overtakes its record (mv3-port keeps each view's answers in order).
 */
export function createStoreTurns(store: ConversationStore) {
  /** Settles once the last task asked for has started; null when none waits. */
  let last: Promise<void> | null = null

  return {
    /**
     * Runs `task` now when nothing waits and `stage` is read, else in its
     * turn. A turn ends when its task starts, not when its answer is
     * ready: a burst's answers wait for storage together, not one by one.
     */
    inTurn<T>(stage: StoreStage, task: () => T | Promise<T>): T | Promise<T> {
      const ready = store.whenReady(stage)
      if (!ready && !last) return task()
      let started!: () => void
      const turn = new Promise<void>((resolve) => (started = resolve))
      const run = Promise.all([last, ready]).then(
        () => {
          try {
            return task()
          } finally {
            started()
          }
        },
        (error: unknown) => {
          started()
          throw error
        }
      )
      last = turn
      void turn.then(() => {
        if (last === turn) last = null
      })
      return run
    },

    /**
     * `answer`'s value, or what it threw, once every change recorded so far
     * was handed to storage: a refusal keeps its place among the answers.
     */
    handedOff<T>(answer: () => T): Promise<T> {
      const handed = new Promise<void>((resolve) =>
        store.writes.afterHandOff(resolve)
      )
      try {
        const value = answer()
        return handed.then(() => value)
      } catch (error) {
        return handed.then(() => {
          throw error
        })
      }
    }
  }
}
