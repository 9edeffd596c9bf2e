import { usePort } from "mv3-port/react"
import { useEffect, useRef, useState, useSyncExternalStore } from "react"

import type { ViewKind } from "~protocol"
import type { ConversationClient } from "~views/conversation"
import {
  createInspectorModel,
  type InspectorModel,
  type InspectorSnapshot
} from "~views/inspector-model"

import { useConnection, type Connection } from "./useConnection"

/** The DevTools panel's state: its own connection, and the model of what it saw. */
export interface Inspector {
  connection: Connection
  model: InspectorModel
  snapshot: InspectorSnapshot
}

/**
 * Connects as a `devtools` view as soon as the panel opens (an inspector
 * that waited for a click would miss what it is there to see), feeds what
 * the worker mirrors into the model, and marks each drop of its own port,
 * which is how a stopped worker shows.
 */
export function useInspector(
  create?: (kind: ViewKind) => ConversationClient
): Inspector {
  const connection = useConnection("devtools", create)
  const [model] = useState(() => createInspectorModel())
  const { port, connect } = connection
  const { status } = usePort(port)
  useEffect(() => {
    const unbind = [
      port.on("inspecting", model.inspecting),
      port.on("traffic", model.traffic)
    ]
    return () => unbind.forEach((stop) => stop())
  }, [port, model])
  useEffect(() => connect(), [connect])
  const wasConnected = useRef(false)
  useEffect(() => {
    if (status === "connected") wasConnected.current = true
    else if (wasConnected.current) {
      wasConnected.current = false
      model.lost()
    }
  }, [status, model])
  const snapshot = useSyncExternalStore(model.subscribe, model.getSnapshot)
  return { connection, model, snapshot }
}
