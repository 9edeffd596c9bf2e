import { Suspense, useState } from "react"

import { useAutoConnect } from "~hooks/useAutoConnect"
import { useConnection } from "~hooks/useConnection"
import { useConversationLog } from "~hooks/useConversationLog"
import { useSettings, useTheme } from "~hooks/useSettings"
import type { ViewKind } from "~protocol"
import { createTimelineScroll } from "~views/timeline-scroll"

import { ConversationView } from "./ConversationView"
import { ViewExtras } from "./later"
import { PresenceLine } from "./PresenceLine"
import { Timeline } from "./Timeline"

/** Closes this view's window: the popup, once the widget took over in the page. */
const closeWindow = () => window.close()

/**
 * A whole view (popup or side panel) on Chrome's ports and storage: the
 * controls, presence and the one timeline.
 */
export function ConversationApp({ kind }: { kind: ViewKind }) {
  const connection = useConnection(kind)
  const { loaded, settings } = useSettings()
  useTheme(settings.theme)
  useAutoConnect(connection, loaded && settings.autoConnect)
  const { clientId, ownMessages } = connection
  const log = useConversationLog(connection.onLog, {
    clientId,
    pending: ownMessages
  })
  const [scroll] = useState(createTimelineScroll)
  const [streamReply, setStreamReply] = useState(false)
  return (
    <div className={`app app-${kind}`}>
      <ConversationView
        connection={connection}
        scroll={scroll}
        streamReply={streamReply}>
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
        {/* Nothing in their place until their chunk is in (components/later.ts). */}
        <Suspense fallback={null}>
          <ViewExtras
            log={log}
            connection={connection}
            streamReply={streamReply}
            onStreamReply={setStreamReply}
            onJoined={kind === "popup" ? closeWindow : undefined}
          />
        </Suspense>
      </ConversationView>
    </div>
  )
}
