import type { BadgeParts } from "~badge/sync"

import { FakeSessionArea } from "./fake-storage"

/**
 * Fakes of what the toolbar badge runs on: `chrome.storage.session` that
 * tells its listeners what changed, one origin's Web Locks shared by several
 * documents (each can die without running code, as a closing popup does),
 * and `chrome.action`.
 */

type Listener = (changes: Record<string, unknown>) => void

/** A session area with `getKeys` and `onChanged`, like `chrome.storage.session`. */
export class NotifyingArea extends FakeSessionArea {
  private readonly listeners = new Set<Listener>()

  /** Like `chrome.storage.session.onChanged`: every listener hears every change, the writer's own included. */
  readonly onChanged = {
    addListener: (listener: Listener) => void this.listeners.add(listener),
    removeListener: (listener: Listener) => void this.listeners.delete(listener)
  }

  async getKeys(): Promise<string[]> {
    return [...this.items.keys()]
  }

  override async set(items: Record<string, unknown>): Promise<void> {
    await super.set(items)
    this.changed(Object.keys(items))
  }

  override async remove(keys: string[]): Promise<void> {
    const present = keys.filter((key) => this.items.has(key))
    await super.remove(keys)
    if (present.length > 0) this.changed(present)
  }

  private changed(keys: string[]): void {
    const changes = Object.fromEntries(keys.map((key) => [key, {}]))
    for (const listener of [...this.listeners]) listener(changes)
  }
}

interface Waiter {
  owner: FakeDocument
  grant: () => void
}

/** One origin's lock manager: exclusive locks by name, granted in request order. */
export class FakeLockManager {
  readonly held = new Map<string, FakeDocument>()
  private readonly waiting = new Map<string, Waiter[]>()

  /** A document (page or worker) of this origin, with its own `navigator.locks`. */
  document(): FakeDocument {
    return new FakeDocument(this)
  }

  /** Queues `owner`'s request for `name`; `grant` runs when it is its turn. */
  enqueue(name: string, owner: FakeDocument, grant: () => void): () => void {
    const waiter = { owner, grant }
    const queue = this.waiting.get(name) ?? []
    queue.push(waiter)
    this.waiting.set(name, queue)
    this.next(name)
    return () => {
      const index = queue.indexOf(waiter)
      if (index >= 0) queue.splice(index, 1)
    }
  }

  release(name: string, owner: FakeDocument): void {
    if (this.held.get(name) !== owner) return
    this.held.delete(name)
    this.next(name)
  }

  /** The browser ends a dead document's locks and requests, whatever it was running. */
  died(owner: FakeDocument): void {
    for (const [name, queue] of this.waiting) {
      this.waiting.set(
        name,
        queue.filter((w) => w.owner !== owner)
      )
    }
    for (const [name, holder] of [...this.held]) {
      if (holder === owner) this.release(name, owner)
    }
  }

  private next(name: string): void {
    if (this.held.has(name)) return
    const waiter = this.waiting.get(name)?.shift()
    if (!waiter) return
    this.held.set(name, waiter.owner)
    waiter.grant()
  }
}

/** A document's `navigator.locks`. */
export class FakeDocument {
  constructor(private readonly manager: FakeLockManager) {}

  async query() {
    return { held: [...this.manager.held.keys()].map((name) => ({ name })) }
  }

  request(
    name: string,
    options: { signal?: AbortSignal },
    callback: () => unknown
  ): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const { signal } = options
      if (signal?.aborted) return reject(signal.reason)
      const cancel = this.manager.enqueue(name, this, () => {
        signal?.removeEventListener("abort", onAbort)
        Promise.resolve()
          .then(callback)
          .then(resolve, reject)
          .finally(() => this.manager.release(name, this))
      })
      const onAbort = () => {
        cancel()
        reject(signal!.reason)
      }
      signal?.addEventListener("abort", onAbort)
    })
  }

  /** The page closes: its locks go, and nothing of it runs any more. */
  die(): void {
    this.manager.died(this)
  }
}

/** `chrome.action`'s badge, as last set. */
export class FakeAction {
  text = ""
  background = ""
  foreground = ""
  title = ""
  /** Every text set, in order. */
  readonly texts: string[] = []
  failNext: Error | null = null

  async setBadgeText({ text }: { text: string }): Promise<void> {
    const failure = this.failNext
    this.failNext = null
    if (failure) throw failure
    this.text = text
    this.texts.push(text)
  }

  async setBadgeBackgroundColor({ color }: { color: string }): Promise<void> {
    this.background = color
  }

  async setBadgeTextColor({ color }: { color: string }): Promise<void> {
    this.foreground = color
  }

  async setTitle({ title }: { title: string }): Promise<void> {
    this.title = title
  }
}

/** One extension origin: its session storage, its locks and its toolbar button. */
export function fakeOrigin() {
  const area = new NotifyingArea()
  const locks = new FakeLockManager()
  const action = new FakeAction()
  /** What a document of this origin runs the badge on (the slices of the browser's APIs it uses). */
  const parts = (doc = locks.document()) =>
    ({ area, locks: doc, action }) as unknown as BadgeParts
  return { area, locks, action, parts }
}

/** Lets every pending promise chain run to its end (no timers involved). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 500; i++) await Promise.resolve()
}
