import { usePort } from "mv3-port/react"
import { useEffect } from "react"

import type { Connection } from "./useConnection"

/**
 * Connects a view by itself while `enabled` (the options' "Connect
 * automatically"): once, when it opens or when the option is turned on with
 * the view still untouched. A view the user disconnected stays disconnected
 * (its cause is "you-disconnected", not null), and a failed one waits for
 * the user's Connect, as without the option.
 */
export function useAutoConnect(connection: Connection, enabled: boolean) {
  const { status, cause } = usePort(connection.port)
  const untouched = status === "disconnected" && cause === null
  const { connect } = connection
  useEffect(() => {
    if (enabled && untouched) connect()
  }, [enabled, untouched, connect])
}
