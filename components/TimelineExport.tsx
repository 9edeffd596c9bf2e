import { memo } from "react"

import { t } from "~text/i18n"
import { downloadText, stampedFileName } from "~views/download"
import {
  timelineJson,
  timelineText,
  type ExportedLog
} from "~views/timeline-export"

/** The two files Export offers: "conversation-2026-12-03T10-20-30.json" (or `.txt`). */
const FILES = {
  json: { write: timelineJson, mime: "application/json" },
  txt: { write: timelineText, mime: "text/plain;charset=utf-8" }
} as const

/**
 * Export JSON and Export text: the view's whole log (every recorded entry
 * it holds, not only the rows on screen) saved as a file. It needs no
 * connection, since the log is the view's copy, and is disabled, saying
 * why, while the log is empty.
 */
export const TimelineExport = memo(function TimelineExport({
  log
}: {
  log: ExportedLog
}) {
  const empty = log.entries.length === 0
  function save(type: keyof typeof FILES) {
    const at = Date.now()
    const { write, mime } = FILES[type]
    downloadText(
      stampedFileName("conversation", at, type),
      write(log, at),
      mime
    )
  }
  const describedBy = empty ? "exportEmpty" : undefined
  return (
    <div
      className="timeline-export"
      role="group"
      aria-label={t("exportGroupLabel")}>
      <button
        id="exportJsonBtn"
        type="button"
        disabled={empty}
        title={t("exportJsonTitle")}
        aria-describedby={describedBy}
        onClick={() => save("json")}>
        {t("exportJson")}
      </button>
      <button
        id="exportTextBtn"
        type="button"
        disabled={empty}
        title={t("exportTextTitle")}
        aria-describedby={describedBy}
        onClick={() => save("txt")}>
        {t("exportText")}
      </button>
      {empty ? (
        <span id="exportEmpty" className="export-empty">
          {t("exportEmpty")}
        </span>
      ) : null}
    </div>
  )
})
