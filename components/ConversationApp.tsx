import { Suspense, useState } from "react"

import { config } from "~config"
import { useAutoConnect } from "~hooks/useAutoConnect"
import { useConnection } from "~hooks/useConnection"
import { useConversationLog, type ReadLog } from "~hooks/useConversationLog"
import { useSettings, useTheme } from "~hooks/useSettings"
import type { ViewKind } from "~protocol"
import type { SettingsSource } from "~storage/settings"
import type { ConversationClient } from "~views/conversation"
import { createTimelineScroll } from "~views/timeline-scroll"

import { ConversationView } from "./ConversationView"
import { TimelineExport, ViewExtras } from "./later"
import { PresenceLine } from "./PresenceLine"
import { Timeline } from "./Timeline"

/** Closes this view's window: the popup, once the widget took over in the page. */
const closeWindow = () => window.close()

/**
 * A whole view (popup or side panel): the controls, presence and the one
 * timeline. The optional props are the seams tests fill with fakes; the
 * defaults are Chrome's ports and storage and the build's settings.
 */
export function ConversationApp({
  kind,
  create,
  readLog,
  settingsSource,
  maxLength = config.maxMessageLength
}: {
  kind: ViewKind
  create?: (kind: ViewKind) => ConversationClient
  readLog?: ReadLog
  settingsSource?: SettingsSource
  maxLength?: number
}) {
  const connection = useConnection(kind, create)
  const { loaded, settings } = useSettings(settingsSource)
  useTheme(settings.theme)
  useAutoConnect(connection, loaded && settings.autoConnect)
  const { clientId, ownMessages } = connection
  const log = useConversationLog(
    connection.onLog,
    { clientId, pending: ownMessages },
    readLog
  )
  const [scroll] = useState(createTimelineScroll)
  const [streamReply, setStreamReply] = useState(false)
  return (
    <div className={`app app-${kind}`}>
      <ConversationView
        connection={connection}
        maxLength={maxLength}
        scroll={scroll}
        streamReply={streamReply}
        extras={
          // Nothing in its place until its chunk is in (components/later.ts).
          <Suspense fallback={null}>
            <ViewExtras
              connection={connection}
              streamReply={streamReply}
              onStreamReply={setStreamReply}
              onJoined={kind === "popup" ? closeWindow : undefined}
            />
          </Suspense>
        }>
        <PresenceLine presence={connection.presence} />
        <Timeline
          log={log}
          kind={kind}
          clientId={clientId}
          deliveries={connection.deliveries}
          scroll={scroll}
          {...connection.totals}
          hiddenFailed={connection.hiddenFailed}
          streaming={connection.streaming}
          canClear={connection.status === "connected"}
          onClear={connection.clear}
          onRetry={connection.retry}
          canRetry={connection.canSend}
        />
        <Suspense fallback={null}>
          <TimelineExport log={log} />
        </Suspense>
      </ConversationView>
    </div>
  )
}
