import type {
  PortServer,
  PortTap,
  TappedPeer,
  ToServer,
  ToView
} from "mv3-port/server"

import { MAX_TRAFFIC_ROWS, type MessageRow, type ViewLine } from "~protocol"
import type { Conversation, ViewIdentity } from "~protocol/conversation"
import { id as isAppId } from "~protocol/shapes"

import type { View } from "../views"
import { appIdOf, describe, packageIdOf, reportsOf } from "./describe"

/** The mirror's own events, which it must not mirror (each would make another). */
const OWN_EVENTS: ReadonlySet<string> = new Set(["inspecting", "traffic"])

/** Requests whose arrival is remembered for their answer's round trip, at most. */
const MAX_TIMED_REQUESTS = 1000

/** How long rows gather before they are posted together (ms). */
const BATCH_MS = 50

/**
 * Most rows waiting to be posted: an inspector that cannot keep up (or a
 * flood of messages) loses the oldest rows, and the next batch says how
 * many, rather than the worker's memory growing without bound.
 */
const MAX_PENDING = 2000

type Row = MessageRow | ViewLine

/**
 * The newest `limit` of `rows` as `traffic` events of at most
 * MAX_TRAFFIC_ROWS rows; the first says how many were dropped (`dropped`
 * before, and those past the limit).
 */
export function trafficOf(rows: Row[], limit: number, dropped = 0) {
  const kept = rows.slice(Math.max(0, rows.length - limit))
  dropped += rows.length - kept.length
  if (kept.length === 0 && dropped === 0) return []
  const events = []
  let start = 0
  do {
    const chunk = kept.slice(start, start + MAX_TRAFFIC_ROWS)
    events.push({
      messages: chunk.filter((row): row is MessageRow => "direction" in row),
      views: chunk.filter((row): row is ViewLine => "event" in row),
      dropped: start === 0 ? dropped : 0
    })
    start += MAX_TRAFFIC_ROWS
  } while (start < kept.length)
  return events
}

/** Who a row is about: what the view said of itself, or null before its hello. */
const viewOf = (peer: TappedPeer) => peer.meta as ViewIdentity | null

/**
 * Mirrors `server`'s traffic to every connected `devtools` view, and only
 * while there is one: with no inspector the server has no tap at all.
 * Rows gather for BATCH_MS and go out as `traffic` events, bounded by
 * MAX_PENDING. `workerStartedAt` tells an inspector the worker restarted.
 */
export function createInspectorMirror(
  server: PortServer<Conversation>,
  workerStartedAt: number,
  now = Date.now
) {
  const inspectors = new Map<unknown, View>()
  let pending: Row[] = []
  let dropped = 0
  /** A request's arrival and its app id, by the package's id, for its answer's row. */
  const requests = new Map<string, { at: number; appId?: string }>()
  let seq = 0
  let timer: ReturnType<typeof setTimeout> | null = null

  function flush(): void {
    timer = null
    const events = trafficOf(pending, MAX_PENDING, dropped)
    pending = []
    dropped = 0
    for (const data of events) {
      for (const inspector of inspectors.values()) {
        server.emit("traffic", data, inspector)
      }
    }
  }

  function add(row: Row): void {
    pending.push(row)
    // Drop in steps of a quarter of the bound, so a flood costs one
    // splice per many rows instead of a shift per row.
    if (pending.length > MAX_PENDING * 1.25) {
      dropped += pending.splice(0, pending.length - MAX_PENDING).length
    }
    timer ??= setTimeout(flush, BATCH_MS)
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
      seq: seq++,
      at,
      view: viewOf(peer),
      direction,
      ...describe(sent),
      ...timed(sent, at),
      ...(reports.length > 0 ? { reports } : {})
    })
  }

  function viewLine(
    view: ViewIdentity | null,
    event: ViewLine["event"],
    extra: { cause?: string; origin?: string } = {}
  ): void {
    if (inspectors.size === 0) return
    add({ seq: seq++, at: now(), view, event, ...extra })
  }

  const tap: PortTap = {
    received: (peer, sent) => message(peer, "in", sent),
    unreadable(peer, id) {
      add({
        seq: seq++,
        at: now(),
        view: viewOf(peer),
        direction: "in",
        type: "?",
        ...(id !== null && isAppId(id) ? { id } : {}),
        preview: ""
      })
    },
    posted(peer, sent) {
      if (sent.k === "event" && OWN_EVENTS.has(sent.name)) return
      message(peer, "out", sent)
    }
  }

  function stop(): void {
    server.tap(null)
    if (timer !== null) clearTimeout(timer)
    timer = null
    pending = []
    dropped = 0
    requests.clear()
  }

  return {
    /** A view said hello: a `devtools` one starts inspecting; every one is a line. */
    joined(view: View): void {
      viewLine(view.meta, "joined")
      if (view.meta.kind !== "devtools" || inspectors.has(view.port)) return
      const first = inspectors.size === 0
      inspectors.set(view.port, view)
      server.emit("inspecting", { workerStartedAt }, view)
      if (!first) return
      server.tap(tap)
      for (const peer of server.peers()) {
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
