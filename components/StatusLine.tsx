import { memo } from "react"

import type { ConnectionSnapshot } from "~lib/connection-controller"

const LABELS = {
  disconnected: "Disconnected",
  connecting: "Connecting…",
  connected: "Connected",
  reconnecting: "Reconnecting…",
  failed: "Failed"
} as const

/** The connection's state in words, with the cause of the last drop. */
export const StatusLine = memo(function StatusLine({
  status,
  attempt,
  cause
}: Pick<ConnectionSnapshot, "status" | "attempt" | "cause">) {
  const label =
    status === "reconnecting"
      ? `${LABELS[status]} (attempt ${attempt})`
      : LABELS[status]
  return (
    <p id="status" className={`status status-${status}`} aria-live="polite">
      <span className="status-label">{label}</span>
      {cause && status !== "connected" && status !== "connecting" ? (
        <span className="status-cause" title={cause}>
          {cause}
        </span>
      ) : null}
    </p>
  )
})
