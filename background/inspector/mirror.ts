import type { PortTap, TappedPeer, ToServer, ToView } from "mv3-port/server"

import type { ViewLine } from "~protocol"
import type { ViewIdentity } from "~protocol/conversation"
import { id as isAppId } from "~protocol/shapes"

import type { View } from "../views"
import { appIdOf, describe, packageIdOf, reportsOf } from "./describe"
import { createRowBatch, type Row, type TrafficBatch } from "./row-batch"

/** What the mirror needs of the server it watches. */
export interface MirrorDeps {
  /** Sends one inspector an event: `inspecting`, or a batch of `traffic`. */
  inspecting(view: View, workerStartedAt: number): void
  traffic(view: View, batch: TrafficBatch): void
  /** Starts or stops the server's tap. */
  tap(tap: PortTap | null): void
  /** The views connected now (shown as present when an inspector arrives). */
  peers(): Iterable<View>
  /** When this worker started: a new value tells an inspector the worker restarted. */
  workerStartedAt: number
  now?: () => number
  /** How long rows gather before they are posted together (ms). */
  batchMs?: number
  /** Most rows waiting to be posted; past it the oldest are dropped and counted. */
  maxPending?: number
}

/** The mirror's own events, which it must not mirror (each would make another). */
const OWN_EVENTS: ReadonlySet<string> = new Set(["inspecting", "traffic"])

/** Requests whose arrival is remembered for their answer's round trip, at most. */
const MAX_TIMED_REQUESTS = 1000

/** Who a row is about: what the view said of itself, or null before its hello. */
const viewOf = (peer: TappedPeer) => peer.meta as ViewIdentity | null

/**
 * Mirrors the conversation's traffic to every connected `devtools` view,
 * and only while there is one: with no inspector the server has no tap at
 * all. Rows gather for `batchMs` and go out as `traffic` events, bounded
 * by `maxPending`.
 */
export function createInspectorMirror(deps: MirrorDeps) {
  const now = deps.now ?? Date.now
  const batchMs = deps.batchMs ?? 50
  const inspectors = new Map<unknown, View>()
  const pending = createRowBatch(deps.maxPending ?? 2000)
  /** A request's arrival and its app id, by the package's id, for its answer's row. */
  const requests = new Map<string, { at: number; appId?: string }>()
  let seq = 0
  let timer: ReturnType<typeof setTimeout> | null = null

  function flush(): void {
    timer = null
    for (const batch of pending.take()) {
      for (const inspector of inspectors.values()) {
        deps.traffic(inspector, batch)
      }
    }
  }

  function add(row: Row): void {
    pending.push(row)
    timer ??= setTimeout(flush, batchMs)
  }

  /** Remembers a request's arrival; its answer's round trip and app id. */
  function timed(message: ToServer | ToView, at: number) {
    const packageId = packageIdOf(message)
    if (packageId === undefined) return {}
    if (message.k === "req") {
      if (requests.size >= MAX_TIMED_REQUESTS) {
        requests.delete(requests.keys().next().value!)
      }
      requests.set(packageId, { at, appId: appIdOf(message) })
      return {}
    }
    if (message.k !== "res" && message.k !== "err") return {}
    const request = requests.get(packageId)
    requests.delete(packageId)
    if (!request) return {}
    const rttMs = Math.max(0, at - request.at)
    return request.appId === undefined
      ? { rttMs }
      : { rttMs, id: request.appId }
  }

  function message(
    peer: TappedPeer,
    direction: "in" | "out",
    sent: ToServer | ToView
  ) {
    const at = now()
    const reports = direction === "in" ? reportsOf(sent as ToServer) : []
    add({
      list: "messages",
      row: {
        seq: seq++,
        at,
        view: viewOf(peer),
        direction,
        ...describe(sent),
        ...timed(sent, at),
        ...(reports.length > 0 ? { reports } : {})
      }
    })
  }

  function viewLine(
    view: ViewIdentity | null,
    event: ViewLine["event"],
    extra: { cause?: string; origin?: string } = {}
  ): void {
    if (inspectors.size === 0) return
    add({
      list: "views",
      row: { seq: seq++, at: now(), view, event, ...extra }
    })
  }

  const tap: PortTap = {
    received: (peer, sent) => message(peer, "in", sent),
    unreadable(peer, id) {
      add({
        list: "messages",
        row: {
          seq: seq++,
          at: now(),
          view: viewOf(peer),
          direction: "in",
          type: "?",
          ...(id !== null && isAppId(id) ? { id } : {}),
          preview: ""
        }
      })
    },
    posted(peer, sent) {
      if (sent.k === "event" && OWN_EVENTS.has(sent.name)) return
      message(peer, "out", sent)
    }
  }

  function stop(): void {
    deps.tap(null)
    if (timer !== null) clearTimeout(timer)
    timer = null
    pending.clear()
    requests.clear()
  }

  return {
    /** A view said hello: a `devtools` one starts inspecting; every one is a line. */
    joined(view: View): void {
      viewLine(view.meta, "joined")
      if (view.meta.kind !== "devtools" || inspectors.has(view.port)) return
      const first = inspectors.size === 0
      inspectors.set(view.port, view)
      deps.inspecting(view, deps.workerStartedAt)
      if (!first) return
      deps.tap(tap)
      for (const peer of deps.peers()) {
        if (peer.port !== view.port) viewLine(peer.meta, "present")
      }
      viewLine(view.meta, "joined")
    },

    /** A view left; the last inspector leaving stops the mirror. */
    left(view: View): void {
      if (inspectors.delete(view.port) && inspectors.size === 0) return stop()
      viewLine(view.meta, "left")
    },

    /** A port was refused (never admitted, so it has no view). */
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
export type InspectorMirror = ReturnType<typeof createInspectorMirror>
