import { memo } from "react"

import type {
  ConversationSnapshot,
  OutgoingMessage
} from "~views/conversation-types"

import { failureText } from "./wording"

/** How each state of a message reads in its item. */
const STATE_LABELS: Record<OutgoingMessage["state"], string> = {
  queued: "queued",
  sending: "sending…",
  replied: "replied",
  failed: "failed"
}

/**
 * One message and its state. Memoised: the session replaces a message's
 * object only when that message changes (see `OutboxItem`), so a send or a
 * reply re-renders one item, not the whole list.
 */
const MessageItem = memo(function MessageItem({
  message,
  onRetry,
  canRetry
}: {
  message: OutgoingMessage
  onRetry: (id: string) => void
  canRetry: boolean
}) {
  return (
    <li
      className={`message message-${message.state}`}
      data-id={message.id}
      data-state={message.state}
      data-attempts={message.attempts}>
      <span className="message-text">{message.body.text}</span>{" "}
      <span className="message-state">
        {STATE_LABELS[message.state]}
        {message.rttMs !== undefined
          ? ` in ${message.rttMs.toFixed(1)} ms`
          : ""}
      </span>
      {message.state === "failed" ? (
        <>
          <span className="message-error">
            {" "}
            {message.failure ? failureText(message.failure) : ""}
          </span>{" "}
          <button
            type="button"
            className="retry"
            disabled={!canRetry}
            onClick={() => onRetry(message.id)}
            aria-label={`Retry “${message.body.text}”`}>
            Retry
          </button>
        </>
      ) : null}
    </li>
  )
})

/** This view's own recent messages and where each one is. */
export function MessageList({
  messages,
  hiddenFailed = 0,
  totals,
  onRetry,
  canRetry
}: {
  messages: readonly OutgoingMessage[]
  /** Older failed messages not listed (the totals still count them). */
  hiddenFailed?: number
  totals: ConversationSnapshot["totals"]
  onRetry: (id: string) => void
  canRetry: boolean
}) {
  if (messages.length === 0) return null
  return (
    <section className="sent" aria-label="Your messages">
      <p id="totals" className="totals">
        {totals.sent} sent · {totals.replied} replied · {totals.failed} failed
      </p>
      {hiddenFailed > 0 ? (
        <p id="hiddenFailed" className="messages-hidden">
          {hiddenFailed === 1
            ? "1 older failed message is not shown (only the newest failed ones are listed; the totals count it)."
            : `${hiddenFailed} older failed messages are not shown (only the newest failed ones are listed; the totals count them).`}
        </p>
      ) : null}
      {/* Focusable, so the keyboard can scroll it once it overflows even
          when no message has a Retry button to tab to. */}
      <ol
        id="messages"
        className="messages"
        tabIndex={0}
        aria-label="Sent messages">
        {messages.map((message) => (
          <MessageItem
            key={message.id}
            message={message}
            onRetry={onRetry}
            canRetry={canRetry}
          />
        ))}
      </ol>
    </section>
  )
}
