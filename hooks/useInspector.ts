import { usePort } from "mv3-port/react"
import { useEffect, useRef, useState, useSyncExternalStore } from "react"

import { createInspectorModel } from "~views/inspector-model"

import { useConnection } from "./useConnection"

/**
 * The DevTools panel's state: its own connection as a `devtools` view,
 * opened as soon as the panel opens (an inspector that waited for a click
 * would miss what it is there to see), and the model fed with what the
 * worker mirrors, marking each drop of its own port, which is how a
 * stopped worker shows.
 */
export function useInspector() {
  const connection = useConnection("devtools")
  const [model] = useState(createInspectorModel)
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
