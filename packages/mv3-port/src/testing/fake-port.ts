/**
 * A hand-written fake of a `chrome.runtime.Port` pair: what one end posts
 * arrives at the other end's onMessage on a later microtask, as in Chrome.
 * Closing one end fires onDisconnect on the other end only (Chrome never
 * tells the end that called disconnect()), and posting on a closed end throws
 * Chrome's own error.
 */
type Listener = (...args: never[]) => void

/** A fake `chrome.events.Event`: listeners in a list, `emit` calls them. */
export class FakeEvent<L extends Listener> {
  private listeners: L[] = []
  addListener(listener: L): void {
    this.listeners.push(listener)
  }
  removeListener(listener: L): void {
    this.listeners = this.listeners.filter((l) => l !== listener)
  }
  hasListeners(): boolean {
    return this.listeners.length > 0
  }
  emit(...args: Parameters<L>): void {
    for (const listener of [...this.listeners]) listener(...args)
  }
}

/**
 * What structured-clone messaging (the manifest's `message_serialization`)
 * does to the values this extension posts: a deep copy in which plain
 * objects stay plain and an ArrayBuffer arrives as a copy of its bytes.
 * jsdom has no `structuredClone`.
 */
export function structuredCopy(value: unknown): unknown {
  if (Object.prototype.toString.call(value) === "[object ArrayBuffer]") {
    return (value as ArrayBuffer).slice(0)
  }
  if (Array.isArray(value)) return value.map(structuredCopy)
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, structuredCopy(item)])
    )
  }
  return value
}

/** One end of a fake `chrome.runtime.Port`; `sent` records what it posted. */
export class FakePortEnd {
  readonly onMessage = new FakeEvent<
    (message: unknown, port: FakePortEnd) => void
  >()
  readonly onDisconnect = new FakeEvent<(port: FakePortEnd) => void>()
  /** Everything this end posted, for assertions. */
  readonly sent: unknown[] = []
  closed = false
  peer!: FakePortEnd

  constructor(readonly name: string) {}

  postMessage(message: unknown): void {
    if (this.closed) {
      throw new Error("Attempting to use a disconnected port object")
    }
    // Chrome copies messages: the receiver never shares our objects.
    const copy = structuredCopy(message)
    this.sent.push(copy)
    const peer = this.peer
    void Promise.resolve().then(() => {
      if (!peer.closed) peer.onMessage.emit(copy, peer)
    })
  }

  disconnect(): void {
    if (this.closed) return
    this.closed = true
    const peer = this.peer
    void Promise.resolve().then(() => {
      if (peer.closed) return
      peer.closed = true
      peer.onDisconnect.emit(peer)
    })
  }
}

/** A connected pair: `client` is the view's end, `server` the background's. */
export function createPortPair(name = "popup-connection") {
  const client = new FakePortEnd(name)
  const server = new FakePortEnd(name)
  client.peer = server
  server.peer = client
  return { client, server }
}

/** Lets queued port deliveries (promise callbacks) run. */
export async function flushPorts(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve()
}
