/**
 * A fake `chrome.storage.session` area: values go in and come out as JSON,
 * as Chrome stores them, and it outlives any fake worker that uses it.
 */
export function createFakeStorageArea() {
  const data = new Map<string, string>()
  return {
    data,
    async get(keys: string[]): Promise<Record<string, unknown>> {
      const found: Record<string, unknown> = {}
      for (const key of keys) {
        const json = data.get(key)
        if (json !== undefined) found[key] = JSON.parse(json)
      }
      return found
    },
    async set(items: Record<string, unknown>): Promise<void> {
      for (const [key, value] of Object.entries(items)) {
        data.set(key, JSON.stringify(value))
      }
    },
    async remove(keys: string[]): Promise<void> {
      for (const key of keys) data.delete(key)
    }
  }
}

/** The area `createFakeStorageArea` returns. */
export type FakeStorageArea = ReturnType<typeof createFakeStorageArea>
