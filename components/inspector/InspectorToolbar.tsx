import type { InspectorModel, InspectorSnapshot } from "~views/inspector-model"

import { inspectedViewName } from "./inspector-wording"

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
    <div className="inspector-toolbar" role="toolbar" aria-label="Inspector">
      <button
        id="pauseBtn"
        type="button"
        aria-pressed={paused}
        onClick={() => model.setPaused(!paused)}>
        {paused ? "Resume" : "Pause"}
      </button>
      <button id="clearInspectorBtn" type="button" onClick={model.clear}>
        Clear
      </button>
      <label>
        View{" "}
        <select
          id="viewFilter"
          value={filter.view ?? ""}
          onChange={(event) =>
            model.setFilter({ view: event.target.value || null })
          }>
          <option value="">All views</option>
          {snapshot.views.map((view) => (
            <option key={view.clientId} value={view.clientId}>
              {inspectedViewName(view)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Type{" "}
        <select
          id="typeFilter"
          value={filter.type ?? ""}
          onChange={(event) =>
            model.setFilter({ type: event.target.value || null })
          }>
          <option value="">All types</option>
          {snapshot.types.map((type) => (
            <option key={type} value={type}>
              {type}
            </option>
          ))}
        </select>
      </label>
      <button id="exportBtn" type="button" onClick={onExport}>
        Export
      </button>
      <p id="inspectorCounts" className="inspector-counts" aria-live="polite">
        {countsText(snapshot)}
      </p>
    </div>
  )
}

/** "12 of 40 rows · 3 dropped · 5 messages not recorded while paused". */
function countsText({
  rows,
  total,
  dropped,
  paused,
  skipped
}: InspectorSnapshot) {
  const parts = [
    rows.length === total ? `${total} rows` : `${rows.length} of ${total} rows`
  ]
  if (dropped > 0) parts.push(`${dropped} older dropped`)
  if (paused || skipped > 0) {
    parts.push(
      `${skipped} ${skipped === 1 ? "message" : "messages"} not recorded while paused`
    )
  }
  return parts.join(" · ")
}
