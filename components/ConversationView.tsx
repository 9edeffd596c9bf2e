import { useState, type FormEvent } from "react"

import type { Connection } from "~hooks/useConnection"

import { MessageList } from "./MessageList"
import { StatusLine } from "./StatusLine"
import { refusalText, responseText } from "./wording"

/**
 * The tutorial's controls (same ids and texts), driven by a connection.
 * Gating follows the connection's state: Connect only when not connected,
 * Disconnect always once connecting, input and Send only while Send would work.
 */
export function ConversationView({
  connection,
  maxLength,
  children
}: {
  connection: Connection
  maxLength: number
  children?: React.ReactNode
}) {
  const [draft, setDraft] = useState("")
  const { status, canSend } = connection
  const canConnect = status === "disconnected" || status === "failed"

  function submit(event: FormEvent) {
    event.preventDefault()
    const result = connection.send(draft)
    if (result.ok) setDraft("")
  }

  const length = draft.trim().length
  return (
    <main className="conversation">
      <h3>Message Background</h3>
      <StatusLine
        status={status}
        attempt={connection.attempt}
        cause={connection.cause}
      />
      <div className="controls">
        <button
          id="connectBtn"
          type="button"
          disabled={!canConnect}
          onClick={connection.connect}>
          Connect
        </button>
        <button
          id="disconnectBtn"
          type="button"
          disabled={canConnect}
          onClick={connection.disconnect}>
          Disconnect
        </button>
      </div>
      <form className="composer" onSubmit={submit}>
        <input
          id="messageInput"
          type="text"
          placeholder="Type a message"
          aria-label="Message"
          aria-describedby="counter"
          autoComplete="off"
          maxLength={maxLength}
          disabled={!canSend}
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
        />
        <button id="sendBtn" type="submit" disabled={!canSend}>
          Send
        </button>
      </form>
      <p
        id="counter"
        className={length >= maxLength ? "counter counter-full" : "counter"}>
        {length}/{maxLength}
        {draft.length >= maxLength
          ? ` — messages are limited to ${maxLength} characters`
          : ""}
      </p>
      {connection.notice ? (
        <p id="notice" className="notice" role="alert">
          {refusalText(connection.notice)}
        </p>
      ) : null}
      <div
        id="response"
        role="status"
        aria-live="polite"
        className={`response response-${connection.response.kind}`}>
        {responseText(connection.response)}
      </div>
      <MessageList
        messages={connection.messages}
        hiddenFailed={connection.hiddenFailed}
        totals={connection.totals}
        onRetry={connection.retry}
        canRetry={canSend}
      />
      {children}
    </main>
  )
}
