import type { ViewKind } from "~protocol"
import { t, type MessageKey } from "~text/i18n"
import { refusalText, viewKindName } from "~text/wording"
import type { InspectorRow, InspectorSnapshot } from "~views/inspector-model"

/**
 * The texts of the DevTools panel's list (the rest of the views' texts are
 * in text/wording.ts, whose view names these reuse).
 */

/** A view in the inspector: "popup 1", "side panel 2", "DevTools 1", "tab 3". */
export function inspectedViewName(
  view: { kind: ViewKind; number: number } | null
): string {
  return view
    ? t("inspectedView", viewKindName(view.kind), view.number)
    : t("inspectedNewView")
}

/** Why a view left, as the inspector says it. */
const LEAVE_CAUSES: Record<string, MessageKey> = {
  closed: "leaveClosed",
  unreachable: "leaveUnreachable"
}

/**
 * A full-width line of the list: about a view ("popup 1 joined", "tab 1
 * left (its port closed)"), the worker, or rows the background dropped.
 */
export function lineText(
  line: Exclude<InspectorRow, { kind: "message" }>
): string {
  switch (line.kind) {
    case "worker-started":
      return line.restart
        ? t("workerRestarted", line.generation)
        : t("workerInspecting", line.generation)
    case "worker-lost":
      return t("workerLost")
    case "dropped":
      return t(
        line.count === 1 ? "rowsDroppedOne" : "rowsDroppedMany",
        line.count
      )
  }
  const { event, cause } = line
  const name = inspectedViewName(line.view)
  const why = !cause
    ? null
    : event === "refused"
      ? refusalText(cause)
      : Object.hasOwn(LEAVE_CAUSES, cause)
        ? t(LEAVE_CAUSES[cause])
        : cause
  switch (event) {
    case "present":
      return t("viewPresent", name)
    case "joined":
      return t("viewJoined", name)
    case "left":
      return why ? t("viewLeftWhy", name, why) : t("viewLeft", name)
    case "refused": {
      const from = line.origin ?? t("unknownSender")
      return why ? t("portRefusedWhy", from, why) : t("portRefused", from)
    }
  }
}

/** "12 of 40 rows · 3 older dropped · 5 messages not recorded while paused". */
export function countsText({
  rows,
  total,
  dropped,
  paused,
  skipped
}: Pick<
  InspectorSnapshot,
  "rows" | "total" | "dropped" | "paused" | "skipped"
>): string {
  const parts = [
    rows.length === total
      ? t("countsRows", total)
      : t("countsRowsOf", rows.length, total)
  ]
  if (dropped > 0) parts.push(t("countsDropped", dropped))
  if (paused || skipped > 0) {
    parts.push(
      t(skipped === 1 ? "countsSkippedOne" : "countsSkippedMany", skipped)
    )
  }
  return parts.join(" · ")
}
