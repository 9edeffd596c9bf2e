import { memo } from "react"

import type { ConversationSnapshot } from "~views/conversation-types"

import { causeText } from "./wording"

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
}: Pick<ConversationSnapshot, "status" | "attempt" | "cause">) {
  const text = cause ? causeText(cause) : null
  const label =
    status === "reconnecting"
      ? `${LABELS[status]} (attempt ${attempt})`
      : LABELS[status]
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
