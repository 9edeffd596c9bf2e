import { t } from "~text/i18n"
import type { InspectorModel, InspectorSnapshot } from "~views/inspector-model"

import { countsText, inspectedViewName } from "./inspector-wording"

/** Pause, Clear, the two filters and Export, with what the list holds. */
export function InspectorToolbar({
  snapshot,
  model,
  onExport
}: {
  snapshot: InspectorSnapshot
  model: InspectorModel
  onExport: () => void
}) {
  const { paused, filter } = snapshot
  return (
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
        options={snapshot.views.map((view) => ({
          value: view.clientId,
          text: inspectedViewName(view)
        }))}
        onChange={(view) => model.setFilter({ view })}
      />
      <FilterSelect
        id="typeFilter"
        label={t("filterType")}
        all={t("filterAllTypes")}
        value={filter.type}
        options={snapshot.types.map((type) => ({ value: type, text: type }))}
        onChange={(type) => model.setFilter({ type })}
      />
      <button id="exportBtn" type="button" onClick={onExport}>
        {t("export")}
      </button>
      <p id="inspectorCounts" className="inspector-counts" aria-live="polite">
        {countsText(snapshot)}
      </p>
    </div>
  )
}

/** One filter: "all" (null) or one of `options`. */
function FilterSelect({
  id,
  label,
  all,
  value,
  options,
  onChange
}: {
  id: string
  label: string
  all: string
  value: string | null
  options: readonly { value: string; text: string }[]
  onChange: (value: string | null) => void
}) {
  return (
    <label>
      {label}{" "}
      <select
        id={id}
        value={value ?? ""}
        onChange={(event) => onChange(event.target.value || null)}>
        <option value="">{all}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.text}
          </option>
        ))}
      </select>
    </label>
  )
}
