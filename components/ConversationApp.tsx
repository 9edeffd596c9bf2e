import { useCallback } from "react"

import { config } from "~config"
import { useConnection } from "~hooks/useConnection"
import { useConversationLog } from "~hooks/useConversationLog"
import type { ViewKind } from "~protocol"

import { ConversationView } from "./ConversationView"
import { LogView } from "./LogView"
import { OpenSidePanelButton } from "./OpenSidePanelButton"
import { PresenceLine } from "./PresenceLine"

/** A whole view (popup or side panel): the conversation, presence and the shared log. */
export function ConversationApp({ kind }: { kind: ViewKind }) {
  const connection = useConnection(kind)
  const log = useConversationLog(connection.listen, {
    clientId: connection.clientId,
    kind
  })
  const { post } = connection
  const clear = useCallback(() => void post({ type: "clear-log" }), [post])
  return (
    <div className={`app app-${kind}`}>
      <ConversationView
        connection={connection}
        maxLength={config.maxMessageLength}>
        <PresenceLine presence={connection.presence} />
        {kind === "popup" ? <OpenSidePanelButton /> : null}
        <LogView
          log={log}
          clientId={connection.clientId}
          deliveries={connection.deliveries}
          canClear={connection.status === "connected"}
          onClear={clear}
        />
      </ConversationView>
    </div>
  )
}
