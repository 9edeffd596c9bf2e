import type { EventData } from "mv3-port"

import type { MessageRow, ViewLine } from "~protocol"
import type { Conversation, ViewIdentity } from "~protocol/conversation"

import { stampedFileName } from "./download"
import { createSnapshotStore } from "./snapshot-store"

/**
 * A view as the inspector names it ("popup 1", "side panel 2"): `number`
 * is 1 for the first view of its kind the inspector saw, and so on.
 */
type NamedView = ViewIdentity & { number: number }

/** A mirrored row as the list holds it: its view named, keyed for React. */
type Listed<K, R> = { kind: K; key: string; view: NamedView | null } & Omit<
  R,
  "view" | "seq"
>

/** One line of the inspector's list (states as a union: each kind has its own fields). */
export type InspectorRow =
  /** For a reply, `roundTripMs` is the round trip its view reported (send → reply shown). */
  | (Listed<"message", MessageRow> & { roundTripMs?: number })
  | Listed<"view", ViewLine>
  /** A worker began serving the inspector; `generation` counts them from 1. */
  | {
      kind: "worker-started"
      key: string
      at: number
      generation: number
      restart: boolean
    }
  /** The inspector's own port dropped: the worker stopped, or could not be reached. */
  | { kind: "worker-lost"; key: string; at: number }
  /** Rows the background dropped before they reached the inspector. */
  | { kind: "dropped"; key: string; at: number; count: number }

/** How many of the newest rows a round-trip report looks through for its reply. */
const REPORT_REACH = 500

/**
 * The DevTools panel's model, free of React and of `chrome.*`: rows from the
 * background's `traffic`, worker lines, Pause, Clear and the filter.
 */
export function createInspectorModel({
  maxRows = 1000,
  now = Date.now
}: { maxRows?: number; now?: () => number } = {}) {
  /**
   * Views numbered by kind in the order first seen, for the inspector's
   * life: a view that reconnects after a worker restart (same clientId)
   * keeps its name.
   */
  const names = new Map<string, NamedView>()
  const types = new Set<string>()
  let rows: InspectorRow[] = []
  let dropped = 0
  let paused = false
  let skipped = 0
  /** Which rows the list shows: one view's (by clientId) and/or one type's; null: all. */
  let filter = { view: null as string | null, type: null as string | null }
  let worker: { startedAt: number; generation: number } | null = null
  let lineCount = 0
  const { subscribe, getSnapshot, changed } = createSnapshotStore(() => ({
    /** The rows the filter lets through, oldest first. */
    rows:
      filter.view === null && filter.type === null ? rows : rows.filter(shows),
    /** Rows kept in all (before the filter). */
    total: rows.length,
    /** Rows this inspector dropped to stay within its bound since the last Clear. */
    dropped,
    paused,
    /** Messages that arrived while paused (not recorded). */
    skipped,
    filter,
    views: [...names.values()],
    types: [...types].sort()
  }))

  const shows = (row: InspectorRow) =>
    (filter.view === null ||
      ("view" in row && row.view?.clientId === filter.view)) &&
    (filter.type === null ||
      (row.kind === "message" && row.type === filter.type))

  function name(view: MessageRow["view"]): NamedView | null {
    if (!view) return null
    let found = names.get(view.clientId)
    if (!found) {
      const sameKind = [...names.values()].filter((n) => n.kind === view.kind)
      found = { ...view, number: sameKind.length + 1 }
      names.set(view.clientId, found)
    }
    return found
  }

  /**
   * Puts each reported round trip beside its reply. Reports follow their
   * replies closely (views batch them for a quarter of a second), so only
   * the newest rows are searched.
   */
  function noteRoundTrips(reports: MessageRow["reports"] = []): void {
    const measured = new Map(reports.map((r) => [r.id, r.rttMs]))
    const from = Math.max(0, rows.length - REPORT_REACH)
    for (let i = rows.length - 1; i >= from && measured.size > 0; i--) {
      const reply = rows[i]
      if (reply.kind !== "message" || reply.type !== "reply") continue
      const rtt = reply.id === undefined ? undefined : measured.get(reply.id)
      if (rtt !== undefined) rows[i] = { ...reply, roundTripMs: rtt }
    }
  }

  function add(added: InspectorRow[]): void {
    if (added.length === 0) return
    rows = rows.concat(added)
    for (const row of added)
      if (row.kind === "message") noteRoundTrips(row.reports)
    if (rows.length > maxRows) {
      dropped += rows.length - maxRows
      rows = rows.slice(rows.length - maxRows)
    }
    changed()
  }

  return {
    subscribe,
    getSnapshot,

    /** The worker that started at `workerStartedAt` mirrors to this inspector. */
    inspecting({ workerStartedAt }: { workerStartedAt: number }): void {
      if (worker?.startedAt === workerStartedAt) return
      const generation = (worker?.generation ?? 0) + 1
      const restart = worker !== null
      worker = { startedAt: workerStartedAt, generation }
      add([
        {
          kind: "worker-started",
          key: `line:${lineCount++}`,
          at: workerStartedAt,
          generation,
          restart
        }
      ])
    },

    /**
     * What the ports carried since the last batch, in the order the
     * background saw it (messages and view lines share one sequence, which
     * starts again at 0 in a new worker: keys carry the generation).
     */
    traffic({
      messages,
      views,
      dropped: lost
    }: EventData<Conversation, "traffic">): void {
      if (!worker) return
      const { generation } = worker
      const added = [...messages, ...views]
        .sort((a, b) => a.seq - b.seq)
        .map(({ seq, view, ...rest }): InspectorRow => {
          const row = { key: `${generation}:${seq}`, view: name(view) }
          return "event" in rest
            ? { kind: "view", ...row, ...rest }
            : { kind: "message", ...row, ...rest }
        })
      if (lost > 0) {
        const first = added[0]
        added.unshift({
          kind: "dropped",
          key: `${generation}:dropped:${first?.key ?? "end"}`,
          at: first?.at ?? now(),
          count: lost
        })
      }
      for (const row of messages) types.add(row.type)
      if (!paused) return add(added)
      skipped += messages.length
      changed()
    },

    /** The inspector's port dropped (it reconnects on its own). */
    lost(): void {
      if (!worker) return
      add([{ kind: "worker-lost", key: `line:${lineCount++}`, at: now() }])
    },

    setPaused(value: boolean): void {
      if (paused === value) return
      paused = value
      if (!value) skipped = 0
      changed()
    },

    /** Empties this inspector's list (the conversation is not touched). */
    clear(): void {
      rows = []
      dropped = 0
      skipped = 0
      changed()
    },

    setFilter(next: Partial<typeof filter>): void {
      filter = { ...filter, ...next }
      changed()
    }
  }
}

/** What the panel renders of the inspector's model. */
export type InspectorSnapshot = ReturnType<
  ReturnType<typeof createInspectorModel>["getSnapshot"]
>

/**
 * What Export downloads: the rows shown (without their React keys, `at`
 * also as an ISO time), the filter they were shown with and the drops,
 * under a format name a reader can tell a later layout by.
 */
export function inspectorExport(snapshot: InspectorSnapshot, at: number) {
  const document = {
    format: "ports-inspector/1",
    exportedAt: new Date(at).toISOString(),
    filter: snapshot.filter,
    dropped: snapshot.dropped,
    rows: snapshot.rows.map(({ key: _key, ...row }) => ({
      ...row,
      time: new Date(row.at).toISOString()
    }))
  }
  return { fileName: stampedFileName("ports", at, "json"), document }
}
