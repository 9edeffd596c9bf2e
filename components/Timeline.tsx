import {
  memo,
  useEffect,
  useLayoutEffect,
  useMemo,
  useState,
  useSyncExternalStore,
  type UIEvent
} from "react"

import type { DeliverySource } from "~hooks/useConnection"
import type { ViewKind } from "~protocol"
import { LOG_SHOWN } from "~storage/layout"
import { t } from "~text/i18n"
import { entriesText } from "~text/timeline-wording"
import type { LogSnapshot } from "~views/conversation-log"
import type { StreamingReply } from "~views/conversation-types"
import {
  indexOfSeq,
  lastRowKey,
  rowCount,
  rowsAfter,
  rowsFrom,
  TIMELINE_PAGE
} from "~views/timeline"
import type { TimelineScroll } from "~views/timeline-scroll"

import { EntryRow, LiveRow, OwnRow, type RetryProps } from "./TimelineRow"

/** Closer than this to the top loads the next older page, before the reader reaches it. */
const LOAD_OLDER_PX = 200

/**
 * The one conversation timeline: every view's messages with the
 * background's reply under each, this view's own with their delivery state
 * and Retry, newest at the bottom. It renders only the newest rows (a page
 * more per "Show older", or as the reader nears the top), so its cost does
 * not grow with the log; it follows the newest row unless the reader has
 * scrolled up, and then offers "N new".
 */
export const Timeline = memo(function Timeline({
  log,
  kind,
  clientId,
  deliveries,
  scroll,
  sent,
  replied,
  failed,
  hiddenFailed,
  streaming = null,
  canClear,
  onClear,
  ...retry
}: {
  log: LogSnapshot
  kind: ViewKind
  clientId: string
  deliveries: DeliverySource
  scroll: TimelineScroll
  /** This view's counts, as numbers so that an unchanged count re-renders nothing. */
  sent: number
  replied: number
  failed: number
  hiddenFailed: number
  /** This view's streamed reply while it runs. */
  streaming?: StreamingReply | null
  canClear: boolean
  onClear: () => void
} & RetryProps) {
  // The window's first entry: null for "the newest page" (following);
  // once the reader scrolls up or asks for older rows, a fixed seq, so rows
  // arriving below never move the rows above.
  const [fromSeq, setFromSeq] = useState<number | null>(null)
  const { entries } = log
  const start =
    fromSeq === null
      ? Math.max(0, entries.length - TIMELINE_PAGE)
      : indexOfSeq(log, fromSeq)
  const rows = useMemo(
    () => rowsFrom(log, clientId, start),
    [log, clientId, start]
  )
  const total = rowCount(log)
  const follow = useSyncExternalStore(scroll.subscribe, scroll.getState)
  const unseen = follow.following
    ? 0
    : rowsAfter(log, clientId, follow.lastSeen)
  const newest = lastRowKey(log, clientId)
  useEffect(() => scroll.keepNewestInView(newest), [scroll, rows, newest])
  useLayoutEffect(() => scroll.restorePosition(), [scroll, start])
  // Back at the end, the window is the newest page again.
  useEffect(() => {
    if (follow.following) setFromSeq(null)
  }, [follow.following])

  function showOlder() {
    scroll.holdPosition()
    setFromSeq(entries[Math.max(0, start - TIMELINE_PAGE)]?.seq ?? null)
  }
  function onScroll(event: UIEvent<HTMLElement>) {
    scroll.scrolled(newest)
    if (scroll.getState().following) return
    if (start > 0 && event.currentTarget.scrollTop < LOAD_OLDER_PX) {
      showOlder()
    } else if (fromSeq === null) {
      setFromSeq(entries[start]?.seq ?? 0)
    }
  }

  return (
    <section
      id="log"
      className="timeline"
      aria-labelledby="logHeading"
      data-count={log.entries.length}>
      <header className="timeline-header">
        <h4 id="logHeading">{t("logHeading")}</h4>
        <span id="logCount" className="log-count">
          {entriesText(log.entries.length)}
        </span>
        <button
          id="clearLogBtn"
          type="button"
          disabled={!canClear || log.entries.length === 0}
          title={canClear ? t("logClearTitle") : t("logClearConnectFirst")}
          onClick={onClear}>
          {t("logClear")}
        </button>
      </header>
      {sent > 0 ? (
        <p id="totals" className="totals">
          {t("totals", sent, replied, failed)}
        </p>
      ) : null}
      {/* Focusable, so the keyboard can scroll it even when no row holds a
          Retry button to tab to. */}
      <ol
        ref={scroll.attach}
        className="log-entries"
        tabIndex={0}
        aria-label={t("logEntriesLabel")}
        onScroll={onScroll}>
        {start > 0 || log.dropped > 0 || hiddenFailed > 0 || total === 0 ? (
          <li className="timeline-start">
            {start > 0 ? (
              <button id="olderBtn" type="button" onClick={showOlder}>
                {t("logShowOlder", start)}
              </button>
            ) : null}
            {log.dropped > 0 ? (
              <p id="logDropped" className="log-dropped">
                {t(
                  log.dropped === 1 ? "droppedOne" : "droppedMany",
                  log.dropped,
                  LOG_SHOWN
                )}
              </p>
            ) : null}
            {hiddenFailed > 0 ? (
              <p id="hiddenFailed" className="log-dropped">
                {t(
                  hiddenFailed === 1 ? "hiddenFailedOne" : "hiddenFailedMany",
                  hiddenFailed
                )}
              </p>
            ) : null}
            {total === 0 ? <p className="log-empty">{t("logEmpty")}</p> : null}
          </li>
        ) : null}
        {rows.map((row) =>
          row.kind === "live" ? (
            <LiveRow key={row.key} live={row.live} />
          ) : row.kind === "entry" && !row.own ? (
            <EntryRow key={row.key} entry={row.entry} />
          ) : (
            <OwnRow
              key={row.key}
              message={row.kind === "entry" ? row.entry : row.message}
              streamed={
                row.kind === "pending" && streaming?.id === row.message.id
                  ? streaming.text
                  : undefined
              }
              kind={kind}
              deliveries={deliveries}
              {...retry}
            />
          )
        )}
      </ol>
      {unseen > 0 ? (
        <button
          id="newEntriesBtn"
          type="button"
          className="new-entries"
          title={t("logJumpToNewest")}
          onClick={scroll.jumpToNewest}>
          {t("logNewEntries", unseen)}
          <span aria-hidden="true"> ↓</span>
        </button>
      ) : null}
    </section>
  )
})
