/**
 * `mv3-port/react`: `usePort`, with the surface of
 * `@plasmohq/messaging/hook` (`data`, `send`, `listen`) plus `status`,
 * `attempt`, `cause`, `connect` and `disconnect`, so a Plasmo view swaps
 * one import. The three come from the client's `state` through
 * `useSyncExternalStore`; the client owns the port.
 */
import { useCallback, useState, useSyncExternalStore } from "react"

import type { PortClient, RequestOptions } from "../client"
import type {
  EventData,
  EventName,
  ProtocolDefinition,
  RequestInput,
  RequestName,
  RequestOutput
} from "../protocol"

/** Binds a component to `client` (create the client once, outside the component). */
export function usePort<P extends ProtocolDefinition>(client: PortClient<P>) {
  // `state` is the same object until one of its fields changes.
  const { status, attempt, cause } = useSyncExternalStore(
    client.subscribe,
    () => client.state
  )
  const [data, setData] = useState<RequestOutput<P, RequestName<P>>>()

  /** Sends a request; resolves with its output, which also becomes `data`. */
  const send = useCallback(
    async <N extends RequestName<P>>(
      name: N,
      input: RequestInput<P, N>,
      options?: RequestOptions
    ): Promise<RequestOutput<P, N>> => {
      const output = await client.request(name, input, options)
      setData(output)
      return output
    },
    [client]
  )

  /** Hears event `name`; returns the unbind (call it in your effect's cleanup). */
  const listen = useCallback(
    <N extends EventName<P>>(
      name: N,
      listener: (data: EventData<P, N>) => void
    ) => client.on(name, listener),
    [client]
  )

  const connect = useCallback(() => client.connect(), [client])
  const disconnect = useCallback(() => client.disconnect(), [client])

  return { data, send, listen, status, attempt, cause, connect, disconnect }
}
