import type { Connection } from "~hooks/useConnection"
import { t } from "~text/i18n"
import type { ExportedLog } from "~views/timeline-export"

import { FileSender } from "./FileSender"
import { JoinTabButton } from "./JoinTabButton"
import { OpenSidePanelButton } from "./OpenSidePanelButton"
import { TimelineExport } from "./TimelineExport"

/**
 * Export, then the extras in one compact group after the timeline: Stream
 * the reply and Stop, Send file, and in the popup Open side panel and Join
 * from this tab.
 * None of it is needed for the first paint, so this module is its own chunk
 * (components/later.ts). `streamReply` lives in the view, whose Send reads it.
 */
export function ViewExtras({
  log,
  connection,
  streamReply,
  onStreamReply,
  onJoined
}: {
  log: ExportedLog
  connection: Connection
  streamReply: boolean
  onStreamReply(stream: boolean): void
  /** Set in the popup only: it shows the view actions and closes after a join. */
  onJoined?: () => void
}) {
  return (
    <>
      <TimelineExport log={log} />
      <section className="extras" aria-label={t("extrasLabel")}>
        <div className="stream-controls">
          <label>
            <input
              id="streamReply"
              type="checkbox"
              checked={streamReply}
              onChange={(event) => onStreamReply(event.target.checked)}
            />{" "}
            {t("streamReply")}
          </label>
          <button
            id="stopBtn"
            type="button"
            disabled={!connection.streaming}
            onClick={connection.stop}>
            {t("stop")}
          </button>
        </div>
        <FileSender connection={connection} />
        {onJoined ? (
          <div className="view-actions">
            <OpenSidePanelButton />
            <JoinTabButton
              connected={connection.status === "connected"}
              joinTab={connection.joinTab}
              onJoined={onJoined}
            />
          </div>
        ) : null}
      </section>
    </>
  )
}
