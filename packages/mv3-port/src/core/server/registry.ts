/** What the server needs of a port: a way to post to it. */
export interface ServerPort<Out> {
  postMessage(message: Out): void
}

/**
 * One connected port as the server knows it. `meta` is whatever the app
 * records about it once it introduces itself (null until then).
 */
export interface Peer<P, Meta> {
  readonly port: P
  readonly meta: Meta | null
}

interface Entry<P, Meta> {
  port: P
  meta: Meta | null
}

/**
 * The ports admitted right now, keyed by the port object itself, never by a
 * name: several pages open ports of the same name, and a name-keyed map keeps
 * only the last of them.
 */
export class PeerRegistry<P, Meta> {
  private readonly entries = new Map<P, Entry<P, Meta>>()

  /** Registers a port (again: returns the peer it already is). */
  add(port: P): Peer<P, Meta> {
    let entry = this.entries.get(port)
    if (!entry) {
      entry = { port, meta: null }
      this.entries.set(port, entry)
    }
    return entry
  }

  /** The peer of a registered port, or undefined. */
  get(port: P): Peer<P, Meta> | undefined {
    return this.entries.get(port)
  }

  /** Records what the app knows of a peer; false when it is not registered (it left). */
  identify(peer: Peer<P, Meta>, meta: Meta): boolean {
    const entry = this.entries.get(peer.port)
    if (entry !== peer) return false
    entry.meta = meta
    return true
  }

  /**
   * Forgets a port and returns what it was, or undefined if it was not
   * registered. The peer object itself reads as unidentified from then on,
   * so a message of it still waiting its turn is handled like one from a
   * peer that never introduced itself.
   */
  remove(port: P): Peer<P, Meta> | undefined {
    const entry = this.entries.get(port)
    if (!entry) return undefined
    this.entries.delete(port)
    const was: Peer<P, Meta> = { port, meta: entry.meta }
    entry.meta = null
    return was
  }

  /** Every registered peer, identified or not, in the order they were admitted. */
  all(): IterableIterator<Peer<P, Meta>> {
    return this.entries.values()
  }
}
