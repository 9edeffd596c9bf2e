import type { LeaveCause, Peer, TrafficObserver } from "mv3-port/core/server"

import type { ServerMessage, ViewLine } from "~protocol"

import type { ViewIdentity } from "../views"
import { bodyOf, describe, reportsOf } from "./describe"
import { createRowBatch, type Row } from "./row-batch"

/** What the mirror needs of the conversation it watches. */
export interface MirrorDeps<P> {
  /** Posts to one inspector, in order with the conversation's own posts. */
  post(view: Peer<P, ViewIdentity>, message: ServerMessage): void
  /** Starts or stops the session server's observer. */
  observe(
    observer: TrafficObserver<P, ServerMessage, ViewIdentity> | null
  ): void
  /** The views connected now (shown as present when an inspector arrives). */
  peers(): Iterable<Peer<P, ViewIdentity>>
  /** When this worker started: a new value tells an inspector the worker restarted. */
  workerStartedAt: number
  now?: () => number
  /** How long rows gather before they are posted together (ms). */
  batchMs?: number
  /** Most rows waiting to be posted; past it the oldest are dropped and counted. */
  maxPending?: number
}

/** The mirror's own messages, which it must not mirror (each would make another). */
const OWN_TYPES: ReadonlySet<string> = new Set(["inspecting", "traffic"])

/** Requests whose arrival is remembered for their answer's round trip, at most. */
const MAX_TIMED_REQUESTS = 1000

type View<P> = Peer<P, ViewIdentity>

/**
 * Mirrors the conversation's traffic to every connected `devtools` view,
 * and only while there is one: with no inspector the session server has no
 * observer at all. Rows gather for `batchMs` and go out as `traffic`
 * messages, bounded by `maxPending`.
 */
export function createInspectorMirror<P>(deps: MirrorDeps<P>) {
  const now = deps.now ?? Date.now
  const batchMs = deps.batchMs ?? 50
  // Keyed by port: `left` gets a copy of the peer, not the peer itself.
  const inspectors = new Map<P, View<P>>()
  const pending = createRowBatch(deps.maxPending ?? 2000)
  const requestArrivals = new Map<string, number>()
  let seq = 0
  let timer: ReturnType<typeof setTimeout> | null = null

  function flush(): void {
    timer = null
    for (const batch of pending.take()) {
      for (const inspector of inspectors.values()) {
        deps.post(inspector, { type: "traffic", ...batch })
      }
    }
  }

  function add(row: Row): void {
    pending.push(row)
    timer ??= setTimeout(flush, batchMs)
  }

  function message(view: View<P>, direction: "in" | "out", body: unknown) {
    const at = now()
    const described = describe(body)
    let rttMs: number | undefined
    const reports = direction === "in" ? reportsOf(body) : []
    if (described.id !== undefined) {
      if (direction === "in") {
        if (requestArrivals.size >= MAX_TIMED_REQUESTS) {
          requestArrivals.delete(requestArrivals.keys().next().value!)
        }
        requestArrivals.set(described.id, at)
      } else if (described.type === "reply" || described.type === "error") {
        const arrived = requestArrivals.get(described.id)
        if (arrived !== undefined) rttMs = Math.max(0, at - arrived)
        requestArrivals.delete(described.id)
      }
    }
    add({
      list: "messages",
      row: {
        seq: seq++,
        at,
        view: view.meta,
        direction,
        ...described,
        ...(rttMs !== undefined ? { rttMs } : {}),
        ...(reports.length > 0 ? { reports } : {})
      }
    })
  }

  function viewLine(
    view: View<P> | null,
    event: ViewLine["event"],
    extra: { cause?: string; origin?: string } = {}
  ): void {
    if (inspectors.size === 0) return
    add({
      list: "views",
      row: {
        seq: seq++,
        at: now(),
        view: view?.meta ?? null,
        event,
        ...extra
      }
    })
  }

  const observer: TrafficObserver<P, ServerMessage, ViewIdentity> = {
    received: (view, raw) => message(view, "in", bodyOf(raw)),
    posted(view, sent) {
      if (!OWN_TYPES.has(sent.type)) message(view, "out", sent)
    }
  }

  function stop(): void {
    deps.observe(null)
    if (timer !== null) clearTimeout(timer)
    timer = null
    pending.clear()
    requestArrivals.clear()
  }

  return {
    /** A view said hello: a `devtools` one starts inspecting; every one is a line. */
    identified(view: View<P>): void {
      viewLine(view, "joined")
      if (view.meta?.kind !== "devtools" || inspectors.has(view.port)) return
      const first = inspectors.size === 0
      inspectors.set(view.port, view)
      deps.post(view, {
        type: "inspecting",
        workerStartedAt: deps.workerStartedAt
      })
      if (!first) return
      deps.observe(observer)
      for (const peer of deps.peers()) {
        if (peer.meta && peer.port !== view.port) viewLine(peer, "present")
      }
      viewLine(view, "joined")
    },

    /** A view left; the last inspector leaving stops the mirror. */
    left(view: View<P>, cause: LeaveCause): void {
      if (inspectors.delete(view.port) && inspectors.size === 0) return stop()
      viewLine(view, "left", { cause })
    },

    /** The gate refused a port (never admitted, so it has no view). */
    refused(reason: string, origin: string): void {
      viewLine(null, "refused", { cause: reason, origin })
    },

    /** True while an inspector is connected. */
    get active(): boolean {
      return inspectors.size > 0
    }
  }
}

/** The mirror `createInspectorMirror` returns. */
export type InspectorMirror<P> = ReturnType<typeof createInspectorMirror<P>>
