import { useLayoutEffect, useRef } from "react"

import { t } from "~text/i18n"
import type { InspectorRow } from "~views/inspector-rows"

import { TrafficRow } from "./TrafficRow"

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
