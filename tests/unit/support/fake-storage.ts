import type { SessionArea } from "~background/store"

/** An in-memory `chrome.storage.session`, shared across simulated worker restarts. */
export class FakeSessionArea implements SessionArea {
  readonly items = new Map<string, unknown>()
  writes = 0

  /** Reads of everything (`get(null)`) and of named keys, counted apart. */
  readonly reads = { all: 0, keys: 0 }

  async get(keys: string[] | null = null): Promise<Record<string, unknown>> {
    if (keys === null) this.reads.all++
    else this.reads.keys++
    return Object.fromEntries(
      [...this.items]
        .filter(([key]) => keys === null || keys.includes(key))
        .map(([key, value]) => [key, JSON.parse(JSON.stringify(value))])
    )
  }

  async set(items: Record<string, unknown>): Promise<void> {
    this.writes++
    for (const [key, value] of Object.entries(items)) {
      this.items.set(key, JSON.parse(JSON.stringify(value)))
    }
  }

  async remove(keys: string[]): Promise<void> {
    for (const key of keys) this.items.delete(key)
  }
}
