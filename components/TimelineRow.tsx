import { memo, useSyncExternalStore } from "react"

import type { DeliverySource } from "~hooks/useConnection"
import type { LogEntry } from "~protocol"
import { t } from "~text/i18n"
import { clockTime, deliveryText } from "~text/timeline-wording"
import { failureText, formatBytes, viewLabel } from "~text/wording"
import type { LiveReply } from "~views/conversation-log"
import type {
  Delivery,
  MessageFailure,
  OwnMessage
} from "~views/conversation-types"

/** What Retry needs: the action, and whether it would work now. */
export interface RetryProps {
  onRetry: (id: string) => void
  canRetry: boolean
}

/** The parts every row has; absent ones are left out of the markup. */
interface RowProps extends Partial<RetryProps> {
  /** The message: its id, text, or a file's name and size. */
  message: { id: string; text: string; bytes?: number }
  originKind: LogEntry["from"]["kind"]
  /** "relayed" for another view's message, else how this view's one fares. */
  state: Delivery["state"] | "relayed"
  delivery: string
  entry?: LogEntry
  attempts?: number
  failure?: MessageFailure
  /** A streamed reply so far, while it runs. */
  streamed?: string
}

/**
 * One message and, under it, the background's reply. The state is words
 * in the row (colour only repeats it), and a failed message of this view
 * says why and offers Retry.
 */
function Row(props: RowProps) {
  const { entry, failure } = props
  const { id, text, bytes } = props.message
  const own = props.state !== "relayed"
  const label = viewLabel(props.originKind)
  return (
    <li
      className={own ? "log-entry log-own" : "log-entry"}
      data-id={id}
      data-seq={entry?.seq}
      data-origin={props.originKind}
      data-state={props.state}
      data-attempts={props.attempts}>
      <div className="log-meta">
        {entry ? (
          <time dateTime={new Date(entry.at).toISOString()}>
            {clockTime(entry.at)}
          </time>
        ) : null}{" "}
        <span className="log-origin">
          {own ? t("rowThisView", label) : label}
        </span>{" "}
        <span className={`log-delivery delivery-${props.state}`}>
          {props.streamed !== undefined
            ? t("deliveryStreaming")
            : props.delivery}
          {entry?.stopped ? ` · ${t("deliveryStopped")}` : ""}
        </span>
      </div>
      <div className="log-out">
        <span aria-hidden="true">→ </span>
        {text}
        {bytes === undefined ? "" : ` (${formatBytes(bytes)})`}
      </div>
      {entry || props.streamed !== undefined ? (
        <div className="log-in">
          <span aria-hidden="true">← </span>
          {entry ? entry.reply : props.streamed}
        </div>
      ) : null}
      {props.state === "failed" ? (
        <div className="log-failure">
          <span className="log-error">
            {failure ? failureText(failure) : ""}
          </span>{" "}
          {/* A file is sent again by choosing it: the view kept no copy. */}
          {bytes === undefined ? (
            <button
              type="button"
              className="retry"
              disabled={!props.canRetry}
              onClick={() => props.onRetry?.(id)}
              aria-label={t("rowRetryLabel", text)}>
              {t("rowRetry")}
            </button>
          ) : null}
        </div>
      ) : null}
    </li>
  )
}

/** A recorded entry from another view. Memoised: appending re-renders one row. */
export const EntryRow = memo(function EntryRow({ entry }: { entry: LogEntry }) {
  return (
    <Row
      message={entry}
      entry={entry}
      originKind={entry.from.kind}
      state="relayed"
      delivery={deliveryText(undefined, entry.rttMs)}
    />
  )
})

/** Another view's streamed reply while it runs, as it grows. */
export const LiveRow = memo(function LiveRow({ live }: { live: LiveReply }) {
  return (
    <Row
      message={live}
      originKind={live.from.kind}
      state="relayed"
      delivery={t("deliveryStreaming")}
      streamed={live.reply}
    />
  )
})

/**
 * One of this view's messages: pending until it is recorded, then its
 * entry. One component for both, so the row stays the same element (focus,
 * scroll position) when its reply arrives. A recorded row alone subscribes
 * to its message's delivery, so a send or a reply re-renders that row, not
 * the timeline.
 */
export const OwnRow = memo(function OwnRow({
  message,
  streamed,
  kind,
  deliveries,
  ...retry
}: {
  message: LogEntry | OwnMessage
  /** Its streamed reply so far, while that runs (pending only). */
  streamed?: string
  /** This view's kind, the origin of a pending message. */
  kind: LogEntry["from"]["kind"]
  deliveries: DeliverySource
} & RetryProps) {
  const entry = "seq" in message ? message : undefined
  const pending = "seq" in message ? undefined : message
  const subscribe = entry ? deliveries.subscribe : noSubscription
  const delivery: Delivery | undefined = useSyncExternalStore(subscribe, () =>
    entry ? deliveries.get(message.id) : undefined
  )
  const fared = pending ?? delivery
  const state = fared?.state ?? "replied"
  const rttMs = fared?.state === "replied" ? fared.rttMs : undefined
  return (
    <Row
      {...retry}
      message={message}
      entry={entry}
      originKind={entry?.from.kind ?? kind}
      state={state}
      delivery={deliveryText(state, rttMs ?? entry?.rttMs)}
      attempts={fared?.attempts}
      failure={fared?.state === "failed" ? fared.failure : undefined}
      streamed={entry ? undefined : streamed}
    />
  )
})

const noSubscription = () => () => {}
