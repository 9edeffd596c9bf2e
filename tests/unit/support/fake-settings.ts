import { config } from "~config"
import {
  createSettingsSource,
  defaultsFrom,
  type SettingsSource,
  type SyncArea
} from "~storage/settings"

type Listener = Parameters<SyncArea["onChanged"]["addListener"]>[0]

/** What a stored value reads back as: storage keeps JSON, never the caller's object. */
const copy = (value: unknown): unknown =>
  value === undefined ? undefined : JSON.parse(JSON.stringify(value))

/**
 * An in-memory `chrome.storage.sync` with its `storage.onChanged`: every
 * write is heard by every listener, as every open page hears it in Chrome.
 * `failWrites` makes the next writes reject, as the sync quota does.
 */
export class FakeSync implements SyncArea {
  readonly items = new Map<string, unknown>()
  readonly listeners = new Set<Listener>()
  failWrites: string | null = null
  readonly onChanged: SyncArea["onChanged"] = {
    addListener: (listener) => void this.listeners.add(listener),
    removeListener: (listener) => void this.listeners.delete(listener)
  }

  async get(keys: string[]): Promise<Record<string, unknown>> {
    return Object.fromEntries(
      keys
        .filter((key) => this.items.has(key))
        .map((key) => [key, copy(this.items.get(key))])
    )
  }

  async set(items: Record<string, unknown>): Promise<void> {
    if (this.failWrites) throw new Error(this.failWrites)
    for (const [key, value] of Object.entries(items)) {
      this.items.set(key, copy(value))
      this.emit({ [key]: { newValue: copy(value) } })
    }
  }

  async remove(keys: string[]): Promise<void> {
    if (this.failWrites) throw new Error(this.failWrites)
    for (const key of keys) {
      this.items.delete(key)
      this.emit({ [key]: {} })
    }
  }

  /**
   * A change as another page (or another machine, through sync) makes it.
   * A change in another area is not heard: sync's own event is only sync's.
   */
  emit(changes: Record<string, { newValue?: unknown }>, area = "sync"): void {
    if (area !== "sync") return
    for (const listener of this.listeners) listener(changes)
  }

  /** A page's settings on this storage. */
  source(): SettingsSource {
    return createSettingsSource(this, defaultsFrom(config))
  }
}
