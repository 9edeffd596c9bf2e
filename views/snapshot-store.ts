/** Changes told at once within one `throttleMs`, before the rest wait for its end. */
const AT_ONCE = 2

/**
 * What React's `useSyncExternalStore` reads a view model through: its
 * listeners, and a snapshot built from `build` at the first read after a
 * change, then the same object until the next change (React compares
 * snapshots by identity, so an unchanged model re-renders nothing).
 *
 * With `throttleMs`, listeners hear of changes at most twice per interval:
 * a message and its reply (a Send, then its answer a few ms later) are each
 * drawn at once, and the rest of a burst once when the interval ends, so a
 * flood costs two renders per interval, not one per message. Reads always
 * see the latest change.
 */
export function createSnapshotStore<T>(build: () => T, throttleMs = 0) {
  const listeners = new Set<() => void>()
  let snapshot: T
  let fresh = false
  // When the last AT_ONCE changes were told, oldest first.
  const told: number[] = []
  let timer: ReturnType<typeof setTimeout> | undefined
  const tell = () => {
    timer = undefined
    told.push(Date.now())
    if (told.length > AT_ONCE) told.shift()
    for (const listener of [...listeners]) listener()
  }
  return {
    /** Calls `listener` after every change; returns the unsubscribe. */
    subscribe(listener: () => void): () => void {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    getSnapshot(): T {
      if (!fresh) snapshot = build()
      fresh = true
      return snapshot
    },
    /** The model changed: the next read builds a new snapshot; the listeners hear of it. */
    changed(): void {
      fresh = false
      if (timer) return
      // Unthrottled stores never wait, even if the clock steps back.
      const wait =
        throttleMs > 0 && told.length === AT_ONCE
          ? told[0] + throttleMs - Date.now()
          : 0
      if (wait <= 0) tell()
      else timer = setTimeout(tell, wait)
    },
    /** Forgets every listener (the model is going away). */
    clear(): void {
      listeners.clear()
      clearTimeout(timer)
      timer = undefined
    }
  }
}
