/**
 * What React's `useSyncExternalStore` reads a view model through: its
 * listeners, and a snapshot built from `build` at the first read after a
 * change, then the same object until the next change (React compares
 * snapshots by identity, so an unchanged model re-renders nothing).
 */
export function createSnapshotStore<T>(build: () => T) {
  const listeners = new Set<() => void>()
  let snapshot: T
  let fresh = false
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
    /** The model changed: the next read builds a new snapshot; every listener hears of it now. */
    changed(): void {
      fresh = false
      for (const listener of [...listeners]) listener()
    },
    /** Forgets every listener (the model is going away). */
    clear(): void {
      listeners.clear()
    }
  }
}
