import { usePort } from "mv3-port/react"
import { useCallback } from "react"

import { useInspector } from "~hooks/useInspector"
import type { ViewKind } from "~protocol"
import { t } from "~text/i18n"
import type { ConversationClient } from "~views/conversation"
import { downloadText } from "~views/download"
import { exportFileName, inspectorExport } from "~views/inspector-export"

import { PresenceLine } from "../PresenceLine"
import { StatusLine } from "../StatusLine"
import { InspectorToolbar } from "./InspectorToolbar"
import { TrafficTable } from "./TrafficTable"

/**
 * The DevTools "Ports" panel: every message the extension's ports carry,
 * live, as the background mirrors it to this panel's own port.
 */
export function PortsPanel({
  create,
  now = Date.now
}: {
  create?: (kind: ViewKind) => ConversationClient
  now?: () => number
}) {
  const { connection, model, snapshot } = useInspector(create)
  const { status, attempt, cause } = usePort(connection.port)
  const exportRows = useCallback(() => {
    const at = now()
    const document = inspectorExport(model.getSnapshot(), at)
    downloadText(exportFileName(at), JSON.stringify(document, null, 2))
  }, [model, now])
  return (
    <div className="app app-devtools inspector">
      <header className="inspector-header">
        <h1>{t("portsHeading")}</h1>
        <StatusLine status={status} attempt={attempt} cause={cause} />
        <PresenceLine presence={connection.presence} />
      </header>
      <InspectorToolbar
        snapshot={snapshot}
        model={model}
        onExport={exportRows}
      />
      <TrafficTable rows={snapshot.rows} />
    </div>
  )
}
