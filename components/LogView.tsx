import { memo, useEffect, useRef, useSyncExternalStore } from "react"

import type { DeliverySource } from "~hooks/useConnection"
import type { LogEntry } from "~protocol"
import { LOG_SHOWN } from "~storage/layout"
import type { LogSnapshot } from "~views/conversation-log"
import type { Delivery } from "~views/delivery-cache"

import { viewLabel } from "./wording"

/** `at` as local hh:mm:ss.mmm. */
function time(at: number): string {
  const d = new Date(at)
  const pad = (n: number, width = 2) => String(n).padStart(width, "0")
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`
}

/**
 * How a message fared: this view's own live state when it sent it, else the
 * round trip its sender reported (shared through the background), else
 * "relayed" (its sender has not reported yet, or never will).
 */
function deliveryText(
  entry: LogEntry,
  own: boolean,
  delivery: Delivery | undefined
): string {
  if (delivery?.state === "replied" && delivery.rttMs !== undefined) {
    return `replied in ${delivery.rttMs.toFixed(1)} ms`
  }
  if (delivery && delivery.state !== "replied") return delivery.state
  if (entry.rttMs !== undefined) {
    return `${own ? "replied" : "relayed, replied"} in ${entry.rttMs.toFixed(1)} ms`
  }
  return own ? "replied" : "relayed"
}

/**
 * One message and its reply (another view's, unless `own`). Memoised:
 * appending one entry re-renders one row.
 */
const LogRow = memo(function LogRow({
  entry,
  own = false,
  delivery
}: {
  entry: LogEntry
  own?: boolean
  delivery?: Delivery
}) {
  return (
    <li
      className={own ? "log-entry log-own" : "log-entry"}
      data-seq={entry.seq}
      data-origin={entry.from.kind}>
      <div className="log-meta">
        <time dateTime={new Date(entry.at).toISOString()}>
          {time(entry.at)}
        </time>{" "}
        <span className="log-origin">
          {viewLabel(entry.from.kind)}
          {own ? " (this view)" : ""}
        </span>{" "}
        <span className="log-delivery">
          {deliveryText(entry, own, delivery)}
        </span>
      </div>
      <div className="log-out">→ {entry.text}</div>
      <div className="log-in">← {entry.reply}</div>
    </li>
  )
})

/**
 * A row of this view's own message: it alone subscribes to that message's
 * delivery, so a send or a reply re-renders this row, not the whole log.
 */
const OwnLogRow = memo(function OwnLogRow({
  entry,
  deliveries
}: {
  entry: LogEntry
  deliveries: DeliverySource
}) {
  const delivery = useSyncExternalStore(deliveries.subscribe, () =>
    deliveries.get(entry.id)
  )
  return <LogRow entry={entry} own delivery={delivery} />
})

/**
 * The shared conversation (every view's messages and replies), newest at the
 * bottom. It follows new entries while the user is at the bottom and leaves
 * the scroll position alone while they read further up.
 */
export const LogView = memo(function LogView({
  log,
  clientId,
  deliveries,
  canClear,
  onClear
}: {
  log: LogSnapshot
  clientId: string
  deliveries: DeliverySource
  canClear: boolean
  onClear: () => void
}) {
  const list = useRef<HTMLOListElement>(null)
  const pinned = useRef(true)
  useEffect(() => {
    if (!pinned.current) return
    // Scroll in the next frame, where it shares the layout the paint needs
    // (once for however many entries arrived); scrolling right after the
    // commit forces an extra layout while the reply is still being handled.
    // scrollTo() rather than assigning scrollTop: the cheaper of the two
    // during a flood (the log rows of bench/results/latest.md).
    const frame = requestAnimationFrame(() =>
      list.current?.scrollTo({ top: Number.MAX_SAFE_INTEGER })
    )
    return () => cancelAnimationFrame(frame)
  }, [log.entries])

  return (
    <section id="log" className="log" aria-labelledby="logHeading">
      <header className="log-header">
        <h4 id="logHeading">Conversation log</h4>
        <span id="logCount" className="log-count">
          {log.entries.length} {log.entries.length === 1 ? "entry" : "entries"}
        </span>
        <button
          id="clearLogBtn"
          type="button"
          disabled={!canClear || log.entries.length === 0}
          title={
            canClear
              ? "Clear the log for every view"
              : "Connect to clear the log"
          }
          onClick={onClear}>
          Clear
        </button>
      </header>
      {log.dropped > 0 ? (
        <p id="logDropped" className="log-dropped">
          {log.dropped} older {log.dropped === 1 ? "entry was" : "entries were"}{" "}
          dropped (the log keeps the last {LOG_SHOWN}).
        </p>
      ) : null}
      {log.entries.length === 0 ? (
        <p className="log-empty">No messages yet.</p>
      ) : null}
      {/* Focusable, so the keyboard can scroll it: the rows hold nothing
          else that takes focus. */}
      <ol
        ref={list}
        className="log-entries"
        tabIndex={0}
        aria-label="Log entries"
        onScroll={(event) => {
          const el = event.currentTarget
          pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24
        }}>
        {log.entries.map((entry) =>
          entry.from.clientId === clientId ? (
            <OwnLogRow key={entry.seq} entry={entry} deliveries={deliveries} />
          ) : (
            <LogRow key={entry.seq} entry={entry} />
          )
        )}
      </ol>
    </section>
  )
})
