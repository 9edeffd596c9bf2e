import type { ViewKind } from "~protocol"

import { refusalText, viewKindName } from "../wording"

/**
 * The English texts of the DevTools panel's list (the rest of the views'
 * texts are in components/wording.ts, whose view names these reuse).
 */

/** A view in the inspector: "popup 1", "side panel 2", "DevTools 1", "tab 3". */
export function inspectedViewName(
  view: { kind: ViewKind; number: number } | null
): string {
  return view ? `${viewKindName(view.kind)} ${view.number}` : "new view"
}

/** Why a view left, as the inspector says it. */
const LEAVE_CAUSES: Record<string, string> = {
  closed: "its port closed",
  unreachable: "its port was gone when the background posted to it"
}

/** An inspector line about a view: "popup 1 joined", "tab 1 left (its port closed)". */
export function viewLineText(
  name: string,
  event: "present" | "joined" | "left" | "refused",
  cause?: string,
  origin?: string
): string {
  const why = !cause
    ? null
    : event === "refused"
      ? refusalText(cause)
      : Object.hasOwn(LEAVE_CAUSES, cause)
        ? LEAVE_CAUSES[cause]
        : cause
  switch (event) {
    case "present":
      return `${name} was connected already`
    case "joined":
      return `${name} joined`
    case "left":
      return why ? `${name} left (${why})` : `${name} left`
    case "refused":
      return `Refused a port from ${origin ?? "an unknown sender"}${why ? ` (${why})` : ""}`
  }
}

/** An inspector line about the worker. */
export function workerLineText(
  line:
    | { kind: "worker-started"; generation: number; restart: boolean }
    | { kind: "worker-lost" }
    | { kind: "dropped"; count: number }
): string {
  switch (line.kind) {
    case "worker-started":
      return line.restart
        ? `Worker restarted (worker ${line.generation} since this panel opened)`
        : `Inspecting worker ${line.generation}`
    case "worker-lost":
      return "Connection to the worker lost: it stopped, or could not be reached"
    case "dropped":
      return `${line.count} ${line.count === 1 ? "row" : "rows"} dropped by the background before they reached this panel`
  }
}
