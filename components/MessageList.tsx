import type { OutgoingMessage } from "~lib/connection-controller"

const STATE_LABELS: Record<OutgoingMessage["state"], string> = {
  queued: "queued",
  sending: "sending…",
  replied: "replied",
  failed: "failed"
}

/** This view's own recent messages and where each one is. */
export function MessageList({
  messages,
  onRetry,
  canRetry
}: {
  messages: readonly OutgoingMessage[]
  onRetry: (id: string) => void
  canRetry: boolean
}) {
  if (messages.length === 0) return null
  return (
    <ol id="messages" className="messages" aria-label="Your messages">
      {messages.map((message) => (
        <li
          key={message.id}
          className={`message message-${message.state}`}
          data-id={message.id}
          data-state={message.state}>
          <span className="message-text">{message.text}</span>{" "}
          <span className="message-state">
            {STATE_LABELS[message.state]}
            {message.rttMs !== undefined
              ? ` in ${message.rttMs.toFixed(1)} ms`
              : ""}
          </span>
          {message.state === "failed" ? (
            <>
              <span className="message-error"> {message.error}</span>{" "}
              <button
                type="button"
                className="retry"
                disabled={!canRetry}
                onClick={() => onRetry(message.id)}
                aria-label={`Retry “${message.text}”`}>
                Retry
              </button>
            </>
          ) : null}
        </li>
      ))}
    </ol>
  )
}
