import type { SessionArea } from "~background/store"

/** An in-memory `chrome.storage.session`, shared across simulated worker restarts. */
export class FakeSessionArea implements SessionArea {
  readonly items = new Map<string, unknown>()
  writes = 0

  async get(): Promise<Record<string, unknown>> {
    return Object.fromEntries(
      [...this.items].map(([key, value]) => [
        key,
        JSON.parse(JSON.stringify(value))
      ])
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
