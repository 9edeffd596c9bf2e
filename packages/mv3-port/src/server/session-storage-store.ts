/**
 * Answers kept in `chrome.storage.session`, which outlives the service
 * worker (not the browser session), so a request re-sent after Chrome
 * stopped the worker still gets its first answer. This file and
 * `../chrome.ts` are the only ones that read `chrome.*`.
 * https://developer.chrome.com/docs/extensions/reference/api/storage#property-session
 */
import { DEFAULT_LIMIT, type Answer, type AnswerStore } from "./stores"

/** The part of a `chrome.storage.StorageArea` the store uses. */
export interface StorageAreaLike {
  get(keys: string[]): Promise<Record<string, unknown>>
  set(items: Record<string, unknown>): Promise<void>
  remove(keys: string[]): Promise<void>
}

/** Where the answers go; every field has a default. */
export interface SessionStorageStoreOptions {
  /** Default `chrome.storage.session`. */
  area?: StorageAreaLike
  /** Prefix of every key the store writes; default "mv3-port:". */
  prefix?: string
  /** Answers remembered, newest first; default 1000. */
  limit?: number
}

/** Answers that survive the worker, in `chrome.storage.session` (values must be JSON-serialisable). */
export function sessionStorageStore(
  options: SessionStorageStoreOptions = {}
): AnswerStore {
  const { prefix = "mv3-port:", limit = DEFAULT_LIMIT } = options
  const area = (): StorageAreaLike =>
    options.area ??
    (globalThis as { chrome?: { storage?: { session?: StorageAreaLike } } })
      .chrome!.storage!.session!
  const indexKey = `${prefix}ids`
  const keyOf = (id: string) => `${prefix}a:${id}`
  // Writes read and rewrite the index of ids: one at a time, or two
  // answers stored together would each drop the other from it.
  let writes = Promise.resolve()

  return {
    async get(id) {
      const key = keyOf(id)
      const stored = await area().get([key])
      return stored[key] as Answer | undefined
    },
    set(id, answer) {
      const write = writes.then(async () => {
        const stored = await area().get([indexKey])
        const ids = Array.isArray(stored[indexKey])
          ? (stored[indexKey] as string[])
          : []
        ids.push(id)
        const dropped = ids.splice(0, Math.max(0, ids.length - limit))
        await area().set({ [keyOf(id)]: answer, [indexKey]: ids })
        if (dropped.length > 0) await area().remove(dropped.map(keyOf))
      })
      writes = write.catch(() => {})
      return write
    }
  }
}
