import type { EventData } from "mv3-port"

import type { MessageRow, ViewKind, ViewLine } from "~protocol"
import type { Conversation } from "~protocol/conversation"

/** A view as the inspector names it: "popup 1", "side panel 2", "DevTools 1", "tab 1". */
export interface NamedView {
  clientId: string
  kind: ViewKind
  /** 1 for the first view of its kind the inspector saw, and so on. */
  number: number
}

/** One line of the inspector's list (states as a union: each kind has its own fields). */
export type InspectorRow =
  | ({
      kind: "message"
      key: string
      view: NamedView | null
      /** For a reply: the round trip its view reported (send → reply shown). */
      roundTripMs?: number
    } & Omit<MessageRow, "view" | "seq">)
  | ({ kind: "view"; key: string; view: NamedView | null } & Omit<
      ViewLine,
      "view" | "seq"
    >)
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

/** One `traffic` event: rows of what the ports carried. */
export type Traffic = EventData<Conversation, "traffic">

/**
 * Numbers views by kind in the order the inspector first sees them, and
 * keeps the numbers for the inspector's life: a view that reconnects after a
 * worker restart (same clientId) keeps its name.
 */
export function createViewNames() {
  const named = new Map<string, NamedView>()
  const perKind = new Map<ViewKind, number>()
  return {
    name(view: { clientId: string; kind: ViewKind } | null): NamedView | null {
      if (!view) return null
      let found = named.get(view.clientId)
      if (!found) {
        const number = (perKind.get(view.kind) ?? 0) + 1
        perKind.set(view.kind, number)
        found = { ...view, number }
        named.set(view.clientId, found)
      }
      return found
    },
    all(): NamedView[] {
      return [...named.values()]
    }
  }
}

/**
 * One `traffic` message as rows, in the order the background saw them
 * (messages and view lines share one sequence). `worker` tells rows of one
 * worker from another's, whose sequence starts again at 0.
 */
export function rowsOfTraffic(
  traffic: Traffic,
  worker: number,
  names: ReturnType<typeof createViewNames>
): InspectorRow[] {
  const tagged: Array<{ seq: number; row: InspectorRow }> = []
  for (const { seq, view, ...rest } of traffic.messages) {
    const key = `${worker}:${seq}`
    tagged.push({
      seq,
      row: { kind: "message", key, view: names.name(view), ...rest }
    })
  }
  for (const { seq, view, ...rest } of traffic.views) {
    const key = `${worker}:${seq}`
    tagged.push({
      seq,
      row: { kind: "view", key, view: names.name(view), ...rest }
    })
  }
  tagged.sort((a, b) => a.seq - b.seq)
  const rows = tagged.map(({ row }) => row)
  if (traffic.dropped > 0) {
    const at = rows[0]?.at ?? Date.now()
    rows.unshift({
      kind: "dropped",
      key: `${worker}:dropped:${tagged[0]?.seq ?? "end"}`,
      at,
      count: traffic.dropped
    })
  }
  return rows
}
