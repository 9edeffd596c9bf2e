import { memo } from "react"

import { t } from "~text/i18n"
import { clockTime, millisecondsText } from "~text/timeline-wording"
import { formatBytes } from "~text/wording"
import type { InspectorRow } from "~views/inspector-rows"

import {
  inspectedViewName,
  viewLineText,
  workerLineText
} from "./inspector-wording"

const msText = (value: number | undefined) =>
  value === undefined ? "" : millisecondsText(value)

const DIRECTION = {
  in: { text: "directionIn", title: "directionInTitle" },
  out: { text: "directionOut", title: "directionOutTitle" }
} as const

/** A full-width line (a view, the worker, dropped rows) across the table. */
function Line({ row, text }: { row: InspectorRow; text: string }) {
  return (
    <tr className={`traffic-line traffic-${row.kind}`} data-kind={row.kind}>
      <td className="traffic-time">{clockTime(row.at)}</td>
      <td colSpan={7}>{text}</td>
    </tr>
  )
}

/**
 * One row of the inspector's list. Everything a port carried is rendered
 * as text nodes (React escapes it), never as HTML.
 */
export const TrafficRow = memo(function TrafficRow({
  row
}: {
  row: InspectorRow
}) {
  switch (row.kind) {
    case "message": {
      const direction = DIRECTION[row.direction]
      return (
        <tr
          className={`traffic-message traffic-${row.direction}`}
          data-kind="message"
          data-direction={row.direction}
          data-type={row.type}
          data-view={row.view?.clientId ?? ""}
          data-bytes={row.bytes ?? ""}
          data-id={row.id ?? ""}>
          <td className="traffic-time">{clockTime(row.at)}</td>
          <td className="traffic-view">{inspectedViewName(row.view)}</td>
          <td className="traffic-direction" title={t(direction.title)}>
            {t(direction.text)}
          </td>
          <td className="traffic-type">{row.type}</td>
          <td className="traffic-size">
            {row.bytes === undefined ? "?" : formatBytes(row.bytes)}
          </td>
          <td className="traffic-rtt">{msText(row.roundTripMs)}</td>
          <td className="traffic-handled">{msText(row.rttMs)}</td>
          <td className="traffic-preview" title={row.preview}>
            {row.preview}
          </td>
        </tr>
      )
    }
    case "view":
      return (
        <Line
          row={row}
          text={viewLineText(
            inspectedViewName(row.view),
            row.event,
            row.cause,
            row.origin
          )}
        />
      )
    default:
      return <Line row={row} text={workerLineText(row)} />
  }
})
