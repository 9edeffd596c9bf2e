import type { Presence, ServerMessage, ViewKind } from "~lib/protocol"

/** The part of `chrome.runtime.Port` the background uses (fakes implement it in tests). */
export interface ServerPort {
  postMessage(message: ServerMessage): void
}

export interface ViewIdentity {
  clientId: string
  kind: ViewKind
}

/**
 * The views connected right now, keyed by their own port (never by name:
 * Plasmo's name-keyed map keeps only the last connection). Each view is added
 * when its port connects, named by its `hello`, and removed when its port
 * disconnects, so the registry is empty again once every view has gone.
 */
export class ViewRegistry<P extends ServerPort = ServerPort> {
  private readonly views = new Map<P, ViewIdentity | null>()

  /** Registers a freshly connected port (its identity comes with `hello`). */
  add(port: P): void {
    if (!this.views.has(port)) this.views.set(port, null)
  }

  /** Names a registered port; returns false for a port that is not registered. */
  identify(port: P, identity: ViewIdentity): boolean {
    if (!this.views.has(port)) return false
    this.views.set(port, identity)
    return true
  }

  has(port: P): boolean {
    return this.views.has(port)
  }

  /** The identity a port announced, or null before its `hello`. */
  identityOf(port: P): ViewIdentity | null {
    return this.views.get(port) ?? null
  }

  /** Removes a port; returns what it was, or undefined if it was not registered. */
  remove(port: P): ViewIdentity | null | undefined {
    if (!this.views.has(port)) return undefined
    const identity = this.views.get(port) ?? null
    this.views.delete(port)
    return identity
  }

  get size(): number {
    return this.views.size
  }

  /** Counts identified views by kind. */
  presence(): Presence {
    const kinds: Presence["kinds"] = {}
    let count = 0
    for (const identity of this.views.values()) {
      if (!identity) continue
      count += 1
      kinds[identity.kind] = (kinds[identity.kind] ?? 0) + 1
    }
    return { count, kinds }
  }

  /**
   * Posts to every identified view except `skip`. A port that throws (it died
   * between its disconnect and our cleanup) is dropped from the registry and
   * handed to `onDead`, so the caller can say it went away: its own
   * onDisconnect will then find nothing left to remove.
   */
  broadcast(
    message: ServerMessage,
    skip?: P,
    onDead?: (identity: ViewIdentity, port: P) => void
  ): void {
    const dead: Array<[P, ViewIdentity]> = []
    for (const [port, identity] of this.views) {
      if (port === skip || !identity) continue
      try {
        port.postMessage(message)
      } catch {
        this.views.delete(port)
        dead.push([port, identity])
      }
    }
    for (const [port, identity] of dead) onDead?.(identity, port)
  }
}
