import { memo, useLayoutEffect, useRef } from "react"

import { t } from "~text/i18n"
import { clockTime, millisecondsText } from "~text/timeline-wording"
import { formatBytes } from "~text/wording"
import type { InspectorRow } from "~views/inspector-model"

import { inspectedViewName, lineText } from "./inspector-wording"

/** How close to the bottom (px) still counts as following the newest rows. */
const FOLLOW_SLACK_PX = 24

/**
 * The inspector's list, newest at the bottom. While the reader is at the
 * bottom it follows new rows; once they scroll up it stays where they are.
 */
export function TrafficTable({ rows }: { rows: readonly InspectorRow[] }) {
  const scroller = useRef<HTMLDivElement>(null)
  const following = useRef(true)
  useLayoutEffect(() => {
    const element = scroller.current
    if (element && following.current) element.scrollTop = element.scrollHeight
  }, [rows])
  return (
    <div
      className="traffic-scroll"
      ref={scroller}
      tabIndex={0}
      aria-label={t("trafficLabel")}
      onScroll={(event) => {
        const element = event.currentTarget
        following.current =
          element.scrollHeight - element.scrollTop - element.clientHeight <
          FOLLOW_SLACK_PX
      }}>
      <table id="traffic" className="traffic">
        <colgroup>
          <col className="col-time" />
          <col className="col-view" />
          <col className="col-way" />
          <col className="col-type" />
          <col className="col-size" />
          <col className="col-rtt" />
          <col className="col-rtt" />
          <col />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">{t("columnTime")}</th>
            <th scope="col">{t("columnView")}</th>
            <th scope="col">{t("columnWay")}</th>
            <th scope="col">{t("columnType")}</th>
            <th scope="col">{t("columnSize")}</th>
            <th scope="col" title={t("columnRoundTripTitle")}>
              {t("columnRoundTrip")}
            </th>
            <th scope="col" title={t("columnHandledTitle")}>
              {t("columnHandled")}
            </th>
            <th scope="col">{t("columnContent")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <TrafficRow key={row.key} row={row} />
          ))}
        </tbody>
      </table>
      {rows.length === 0 ? (
        <p className="traffic-empty">{t("trafficEmpty")}</p>
      ) : null}
    </div>
  )
}

const msText = (value: number | undefined) =>
  value === undefined ? "" : millisecondsText(value)

const DIRECTION = {
  in: { text: "directionIn", title: "directionInTitle" },
  out: { text: "directionOut", title: "directionOutTitle" }
} as const

/**
 * One row of the inspector's list. Everything a port carried is rendered
 * as text nodes (React escapes it), never as HTML.
 */
const TrafficRow = memo(function TrafficRow({ row }: { row: InspectorRow }) {
  if (row.kind !== "message") {
    return (
      <tr className={`traffic-line traffic-${row.kind}`} data-kind={row.kind}>
        <td className="traffic-time">{clockTime(row.at)}</td>
        <td colSpan={7}>{lineText(row)}</td>
      </tr>
    )
  }
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
})
