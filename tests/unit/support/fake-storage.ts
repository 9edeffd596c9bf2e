import type { SessionArea } from "~storage/layout"

/** An in-memory `chrome.storage.session`, shared across simulated worker restarts. */
export class FakeSessionArea implements SessionArea {
  readonly items = new Map<string, unknown>()
  writes = 0

  /** Every `get`, in order: the keys asked for, or null for everything. */
  readonly gets: Array<string[] | null> = []

  constructor(initial: Record<string, unknown> = {}) {
    for (const [key, value] of Object.entries(initial)) {
      this.items.set(key, JSON.parse(JSON.stringify(value)))
    }
  }

  async get(keys: string[] | null = null): Promise<Record<string, unknown>> {
    this.gets.push(keys === null ? null : [...keys])
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
