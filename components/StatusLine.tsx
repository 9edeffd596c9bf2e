import type { PortClientState } from "mv3-port"
import { memo } from "react"

import { causeText, statusLabel } from "~text/wording"

/** The connection's state in words, with the cause of the last drop. */
export const StatusLine = memo(function StatusLine({
  status,
  attempt,
  cause
}: PortClientState) {
  const text = cause ? causeText(cause) : null
  const label = statusLabel(status, attempt)
  return (
    <p id="status" className={`status status-${status}`} aria-live="polite">
      <span className="status-label">{label}</span>
      {text && status !== "connected" && status !== "connecting" ? (
        <span className="status-cause" title={text}>
          {text}
        </span>
      ) : null}
    </p>
  )
})
