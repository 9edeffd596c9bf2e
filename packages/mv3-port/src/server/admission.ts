/**
 * Which ports a server reads, and when. `admit` may answer later (an app
 * that looks a tab up in storage before it trusts the tab's content
 * script): until then the port's messages are held, in order, and at most
 * `MAX_HELD` of them, so a port cannot grow the worker's memory while it
 * is judged. A port refused, or closed before the verdict, is never read.
 */
import { isThenable } from "../core/server/serial-queue"
import type { ServerSidePort } from "./peer"

/** Most messages a port may send while `admit` decides on it; one more closes it. */
export const MAX_HELD = 64

/** Where one port stands: read, waiting for the verdict (its messages held), or never read. */
type Standing = "read" | { held: unknown[]; closed: boolean } | "refused"

/** What admission needs of the server. */
export interface AdmissionOptions {
  /** Only ports of this name, when set. */
  name?: string
  admit(port: ServerSidePort): boolean | PromiseLike<boolean>
  /** The port is admitted: register it. */
  open(port: ServerSidePort): void
  /** One message of an admitted port, in arrival order. */
  read(port: ServerSidePort, raw: unknown): void
  /** What `admit` threw or rejected with (the port is refused). */
  report(error: unknown): void
}

/** The ports of one server: `accept` listens to a port, `hear` takes one message of it. */
export function createAdmission(options: AdmissionOptions) {
  const standings = new WeakMap<ServerSidePort, Standing>()

  function decide(port: ServerSidePort, admitted: boolean): void {
    const standing = standings.get(port)
    if (typeof standing !== "object") return
    if (!admitted || standing.closed) return void standings.set(port, "refused")
    standings.set(port, "read")
    options.open(port)
    for (const raw of standing.held) options.read(port, raw)
  }

  /** The port's standing, judging it the first time it is seen; undefined: not ours. */
  function standingOf(port: ServerSidePort): Standing | undefined {
    if (options.name !== undefined && port.name !== options.name) return
    const known = standings.get(port)
    if (known) return known
    let verdict: boolean | PromiseLike<boolean>
    try {
      verdict = options.admit(port)
    } catch (error) {
      options.report(error)
      verdict = false
    }
    if (isThenable(verdict)) {
      const judged = { held: [], closed: false }
      standings.set(port, judged)
      port.onDisconnect.addListener(() => (judged.closed = true))
      verdict.then(
        (admitted) => decide(port, admitted),
        (error: unknown) => {
          options.report(error)
          decide(port, false)
        }
      )
      return judged
    }
    standings.set(port, verdict ? "read" : "refused")
    if (verdict) options.open(port)
    return verdict ? "read" : "refused"
  }

  function receive(port: ServerSidePort, raw: unknown): void {
    const standing = standings.get(port)
    if (standing === "read") return options.read(port, raw)
    if (typeof standing !== "object") return
    if (standing.held.push(raw) > MAX_HELD) {
      standings.set(port, "refused")
      port.disconnect()
    }
  }

  return {
    /** Serves `port` if it is ours and admitted: its messages are read from now on. */
    accept(port: ServerSidePort): void {
      if (standings.has(port)) return
      const standing = standingOf(port)
      if (standing === undefined || standing === "refused") return
      port.onMessage.addListener((raw) => receive(port, raw))
    },
    /** One message of `port` from a transport that listens itself (Plasmo's router). */
    hear(port: ServerSidePort, raw: unknown): void {
      if (standingOf(port) !== undefined) receive(port, raw)
    }
  }
}
