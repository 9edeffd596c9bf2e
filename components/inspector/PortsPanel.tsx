import { usePort } from "mv3-port/react"
import { useEffect, useRef, useState, useSyncExternalStore } from "react"

import { useConnection } from "~hooks/useConnection"
import { t } from "~text/i18n"
import { downloadText } from "~views/download"
import { createInspectorModel, inspectorExport } from "~views/inspector-model"

import { PresenceLine } from "../PresenceLine"
import { StatusLine } from "../StatusLine"
import { countsText, inspectedViewName } from "./inspector-wording"
import { TrafficTable } from "./TrafficTable"

/**
 * The DevTools "Ports" panel: every message the extension's ports carry,
 * live, as the background mirrors it to this panel's own port; Pause,
 * Clear, the two filters and Export above the list.
 *
 * It connects as a `devtools` view as soon as it opens (an inspector that
 * waited for a click would miss what it is there to see), and marks each
 * drop of its own port, which is how a stopped worker shows.
 */
export function PortsPanel() {
  const connection = useConnection("devtools")
  const [model] = useState(createInspectorModel)
  const { port, connect } = connection
  const { status, attempt, cause } = usePort(port)
  useEffect(() => {
    const unbind = [
      port.on("inspecting", model.inspecting),
      port.on("traffic", model.traffic)
    ]
    return () => unbind.forEach((stop) => stop())
  }, [port, model])
  useEffect(() => connect(), [connect])
  const wasConnected = useRef(false)
  useEffect(() => {
    if (status === "connected") wasConnected.current = true
    else if (wasConnected.current) {
      wasConnected.current = false
      model.lost()
    }
  }, [status, model])
  const snapshot = useSyncExternalStore(model.subscribe, model.getSnapshot)
  const { paused, filter } = snapshot
  function exportRows() {
    const { fileName, document } = inspectorExport(snapshot, Date.now())
    downloadText(fileName, JSON.stringify(document, null, 2))
  }
  return (
    <div className="app app-devtools inspector">
      <header className="inspector-header">
        <h1>{t("portsHeading")}</h1>
        <StatusLine status={status} attempt={attempt} cause={cause} />
        <PresenceLine presence={connection.presence} />
      </header>
      <div
        className="inspector-toolbar"
        role="toolbar"
        aria-label={t("inspectorLabel")}>
        <button
          id="pauseBtn"
          type="button"
          aria-pressed={paused}
          onClick={() => model.setPaused(!paused)}>
          {paused ? t("resume") : t("pause")}
        </button>
        <button id="clearInspectorBtn" type="button" onClick={model.clear}>
          {t("logClear")}
        </button>
        <FilterSelect
          id="viewFilter"
          label={t("filterView")}
          all={t("filterAllViews")}
          value={filter.view}
          options={snapshot.views.map((view) => [
            view.clientId,
            inspectedViewName(view)
          ])}
          onChange={(view) => model.setFilter({ view })}
        />
        <FilterSelect
          id="typeFilter"
          label={t("filterType")}
          all={t("filterAllTypes")}
          value={filter.type}
          options={snapshot.types.map((type) => [type, type])}
          onChange={(type) => model.setFilter({ type })}
        />
        <button id="exportBtn" type="button" onClick={exportRows}>
          {t("export")}
        </button>
        <p id="inspectorCounts" className="inspector-counts" aria-live="polite">
          {countsText(snapshot)}
        </p>
      </div>
      <TrafficTable rows={snapshot.rows} />
    </div>
  )
}

/** One filter: "all" (null) or one of `options`, each a value and its text. */
function FilterSelect(props: {
  id: string
  label: string
  all: string
  value: string | null
  options: readonly (readonly [value: string, text: string])[]
  onChange: (value: string | null) => void
}) {
  return (
    <label>
      {props.label}{" "}
      <select
        id={props.id}
        value={props.value ?? ""}
        onChange={(event) => props.onChange(event.target.value || null)}>
        <option value="">{props.all}</option>
        {props.options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </label>
  )
}
