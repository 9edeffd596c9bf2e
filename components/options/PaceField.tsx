import { useState, type KeyboardEvent } from "react"

import { checkSetting, STREAM_PACE_MS } from "~storage/settings"
import { formatNumber, t } from "~text/i18n"
import { settingProblemText } from "~text/options-wording"

/**
 * The stream pace's number field. What the user types is checked as they
 * type and saved when they leave the field or press Enter: a half-typed
 * "2" on the way to "250" is never written (chrome.storage.sync allows
 * only so many writes a minute). The form keys the field by the stored
 * value, so a value saved elsewhere starts a fresh draft.
 */
export function PaceField({
  value,
  onCommit
}: {
  value: number
  onCommit: (value: number) => void
}) {
  const [draft, setDraft] = useState(String(value))

  // An empty or half-typed field is not a number: Number("") would be 0.
  const typed = draft.trim() === "" ? Number.NaN : Number(draft)
  const problem = checkSetting("streamChunkMs", typed)

  function commit() {
    if (!problem && typed !== value) onCommit(typed)
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "Enter") {
      event.preventDefault()
      commit()
    }
  }

  return (
    <div className="option">
      <label htmlFor="streamPace">{t("optionsPace")}</label>
      <input
        id="streamPace"
        type="number"
        inputMode="numeric"
        min={STREAM_PACE_MS.min}
        max={STREAM_PACE_MS.max}
        step={10}
        value={draft}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? "streamPaceProblem" : "streamPaceHint"}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commit}
        onKeyDown={onKeyDown}
      />
      {problem ? (
        <p id="streamPaceProblem" className="option-problem">
          {settingProblemText(problem)}
        </p>
      ) : (
        <p id="streamPaceHint" className="option-hint">
          {t(
            "optionsPaceHint",
            formatNumber(STREAM_PACE_MS.min),
            formatNumber(STREAM_PACE_MS.max)
          )}
        </p>
      )}
    </div>
  )
}
