import type { ConversationStore, StoreStage } from "./store"

/**
 * What keeps the conversation's order while the package runs handlers side
 * by side: each task runs once the store has read the stage it needs, and
 * never before a task asked for earlier (a Clear that waits for the log
 * after a restart holds the messages after it). An answer leaves only once
 * the changes recorded before it were handed to storage, so a reply never
 * overtakes its record, and answers keep their order.
 */
export function createStoreTurns(store: ConversationStore) {
  /** The last task still waiting or running, settled either way; null when none. */
  let last: Promise<unknown> | null = null

  return {
    /** Runs `task` now when nothing waits and `stage` is read, else in its turn. */
    inTurn<T>(stage: StoreStage, task: () => T | Promise<T>): T | Promise<T> {
      const ready = store.whenReady(stage)
      if (!ready && !last) return task()
      const run = Promise.all([last, ready]).then(task)
      const done: Promise<unknown> = run.then(
        () => {},
        () => {}
      )
      last = done
      void done.then(() => {
        if (last === done) last = null
      })
      return run
    },

    /** `value`, once every change recorded so far was handed to storage. */
    handedOff<T>(value: T): T | Promise<T> {
      let ran = false
      let settle: ((value: T) => void) | undefined
      store.afterHandOff(() => {
        ran = true
        settle?.(value)
      })
      return ran ? value : new Promise<T>((resolve) => (settle = resolve))
    }
  }
}
