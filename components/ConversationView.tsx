import { usePort } from "mv3-port/react"
import {
  useEffect,
  useRef,
  useState,
  type FormEvent,
  type KeyboardEvent
} from "react"

import { config } from "~config"
import type { Connection } from "~hooks/useConnection"
import { t } from "~text/i18n"
import { sendRefusalText } from "~text/wording"
import type { TimelineScroll } from "~views/timeline-scroll"

import { ResponseLine } from "./ResponseLine"
import { StatusLine } from "./StatusLine"

/**
 * The tutorial's controls (same ids and texts), driven by a connection.
 * Gating follows the port's status, read here with `usePort`: Connect only when not connected,
 * Disconnect always once connecting, input and Send only while Send would work.
 * `children` follow `#response`: presence, the timeline, then the extras
 * (the compact group of Stream the reply, Send file and the view's own
 * buttons), so the tutorial's controls, the reply and the timeline come
 * first. `scroll` is the timeline's, which the composer's
 * Up/Down/PageUp/PageDown scroll and a Send follows to the newest row.
 */
export function ConversationView({
  connection,
  scroll,
  streamReply = false,
  children
}: {
  connection: Connection
  scroll?: TimelineScroll
  /** Whether Send asks for the reply streamed (the extras' checkbox). */
  streamReply?: boolean
  children?: React.ReactNode
}) {
  const [draft, setDraft] = useState("")
  const input = useRef<HTMLInputElement>(null)
  const { status, attempt, cause } = usePort(connection.port)
  const { canSend } = connection
  const canConnect = status === "disconnected" || status === "failed"

  // Once connected, typing can start at once: the input takes focus unless
  // the user has put it somewhere else (Connect, now disabled, let it go).
  useEffect(() => {
    if (status !== "connected") return
    const active = document.activeElement
    if (!active || active === document.body || active.id === "connectBtn") {
      input.current?.focus()
    }
  }, [status])

  function submit(event: FormEvent) {
    event.preventDefault()
    const result = connection.send(draft, { stream: streamReply })
    if (!result.ok) return
    setDraft("")
    scroll?.followNewest()
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (scroll?.key(event.key)) event.preventDefault()
  }

  const maxLength = config.maxMessageLength
  const length = draft.trim().length
  return (
    <main className="conversation">
      <h3>{t("appHeading")}</h3>
      <div className="connection-row">
        <StatusLine status={status} attempt={attempt} cause={cause} />
        <div className="controls">
          <button
            id="connectBtn"
            type="button"
            className="primary"
            disabled={!canConnect}
            onClick={connection.connect}>
            {t("connect")}
          </button>
          <button
            id="disconnectBtn"
            type="button"
            disabled={canConnect}
            onClick={connection.disconnect}>
            {t("disconnect")}
          </button>
        </div>
      </div>
      <form className="composer" onSubmit={submit}>
        <input
          id="messageInput"
          ref={input}
          type="text"
          placeholder={t("messagePlaceholder")}
          aria-label={t("messageLabel")}
          aria-describedby="counter"
          autoComplete="off"
          maxLength={maxLength}
          disabled={!canSend}
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={onKeyDown}
        />
        <button
          id="sendBtn"
          type="submit"
          className="primary"
          disabled={!canSend}>
          {t("send")}
        </button>
      </form>
      <p
        id="counter"
        className={length >= maxLength ? "counter counter-full" : "counter"}>
        {t(
          draft.length >= maxLength ? "counterFull" : "counter",
          length,
          maxLength
        )}
      </p>
      {connection.notice ? (
        <p id="notice" className="notice" role="alert">
          {sendRefusalText(connection.notice)}
        </p>
      ) : null}
      <ResponseLine response={connection.response} />
      {children}
    </main>
  )
}
