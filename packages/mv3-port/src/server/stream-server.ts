/**
 * `createPortServer` plus the protocol's streams and uploads, in an entry of
 * its own (`mv3-port/server/streams`): a worker that only answers requests
 * carries none of their code, as a view that only requests does not carry
 * `createStreamClient`'s.
 */
import type { ProtocolDefinition } from "../protocol"
import {
  servePorts,
  type PortServer,
  type PortServerOptions
} from "./port-server"
import { createServerStreams, type StreamHandlers } from "./streams"
import type { UploadHandlers } from "./uploads"

/** `{ key: T }`, optional when `T` has no keys (the protocol declares none). */
type NeededWhenDeclared<K extends string, T> = [keyof T] extends [never]
  ? { [_ in K]?: T }
  : { [_ in K]: T }

/**
 * What `createStreamServer` takes: `createPortServer`'s options, and
 * `streams` and `uploads` when the protocol declares them.
 */
export type StreamServerOptions<P extends ProtocolDefinition> =
  PortServerOptions<P> &
    NeededWhenDeclared<"streams", StreamHandlers<P>> &
    NeededWhenDeclared<"uploads", UploadHandlers<P>>

/** Creates the worker's server of `protocol`, its streams and uploads included. */
export function createStreamServer<const P extends ProtocolDefinition>(
  protocol: P,
  options: StreamServerOptions<P>
): PortServer<P> {
  return servePorts(protocol, options, (deps) =>
    createServerStreams(protocol, options, deps)
  )
}
