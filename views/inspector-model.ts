import {
  createViewNames,
  rowsOfTraffic,
  type InspectorRow,
  type NamedView,
  type Traffic
} from "./inspector-rows"
import { createSnapshotStore } from "./snapshot-store"

/** Which rows the list shows: every row, or one view's (by clientId) and/or one message type's. */
export interface InspectorFilter {
  view: string | null
  type: string | null
}

/** What the panel renders. */
export interface InspectorSnapshot {
  /** The rows the filter lets through, oldest first. */
  rows: readonly InspectorRow[]
  /** Rows kept in all (before the filter). */
  total: number
  /** Rows this inspector dropped to stay within its bound since the last Clear. */
  dropped: number
  paused: boolean
  /** Messages that arrived while paused (not recorded). */
  skipped: number
  filter: InspectorFilter
  views: readonly NamedView[]
  types: readonly string[]
}

/** How many of the newest rows a round-trip report looks through for its reply. */
const REPORT_REACH = 500

/** Rows an inspector keeps at most; older ones are dropped (and counted). */
const MAX_INSPECTOR_ROWS = 1000

/**
 * The DevTools panel's model, free of React and of `chrome.*`: rows from the
 * background's `traffic`, worker lines, Pause, Clear and the filter.
 */
export function createInspectorModel({
  maxRows = MAX_INSPECTOR_ROWS,
  now = Date.now
}: { maxRows?: number; now?: () => number } = {}) {
  const names = createViewNames()
  const types = new Set<string>()
  let rows: InspectorRow[] = []
  let dropped = 0
  let paused = false
  let skipped = 0
  let filter: InspectorFilter = { view: null, type: null }
  let worker: { startedAt: number; generation: number } | null = null
  let lineCount = 0
  const { subscribe, getSnapshot, changed } = createSnapshotStore(
    (): InspectorSnapshot => ({
      rows:
        filter.view === null && filter.type === null
          ? rows
          : rows.filter(shows),
      total: rows.length,
      dropped,
      paused,
      skipped,
      filter,
      views: names.all(),
      types: [...types].sort()
    })
  )

  /**
   * Puts each reported round trip beside its reply. Reports follow their
   * replies closely (views batch them for a quarter of a second), so only
   * the newest rows are searched.
   */
  function noteRoundTrips(added: InspectorRow[]): void {
    for (const row of added) {
      if (row.kind !== "message" || !row.reports) continue
      const measured = new Map(row.reports.map((r) => [r.id, r.rttMs]))
      for (
        let i = rows.length - 1;
        i >= Math.max(0, rows.length - REPORT_REACH);
        i--
      ) {
        const reply = rows[i]
        if (reply.kind !== "message" || reply.type !== "reply") continue
        const rtt = reply.id === undefined ? undefined : measured.get(reply.id)
        if (rtt !== undefined) rows[i] = { ...reply, roundTripMs: rtt }
      }
    }
  }

  function add(added: InspectorRow[]): void {
    if (added.length === 0) return
    rows = rows.concat(added)
    noteRoundTrips(added)
    if (rows.length > maxRows) {
      dropped += rows.length - maxRows
      rows = rows.slice(rows.length - maxRows)
    }
    changed()
  }

  const shows = (row: InspectorRow) =>
    (filter.view === null ||
      ("view" in row && row.view?.clientId === filter.view)) &&
    (filter.type === null ||
      (row.kind === "message" && row.type === filter.type))

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

    /** What the ports carried since the last batch. */
    traffic(traffic: Traffic): void {
      if (!worker) return
      const added = rowsOfTraffic(traffic, worker.generation, names)
      for (const row of added) if (row.kind === "message") types.add(row.type)
      if (!paused) return add(added)
      skipped += added.filter((row) => row.kind === "message").length
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

    setFilter(next: Partial<InspectorFilter>): void {
      filter = { ...filter, ...next }
      changed()
    }
  }
}

/** The inspector's model. */
export type InspectorModel = ReturnType<typeof createInspectorModel>
