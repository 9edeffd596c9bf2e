/**
 * `mv3-port`: the view's side. A typed, promise-based client of a port to
 * the extension's service worker that survives the worker.
 */
export {
  createPortClient,
  type PortClient,
  type PortClientOptions,
  type PortClientState,
  type RequestOptions,
  type RequestProgress
} from "./client"
export {
  defineProtocol,
  type Check,
  type EventData,
  type EventName,
  type Guard,
  type HelloInput,
  type HelloOption,
  type HelloOutput,
  type InputOf,
  type OutputOf,
  type ProtocolDefinition,
  type RequestDefinition,
  type RequestInput,
  type RequestName,
  type RequestOutput,
  type StreamDefinition,
  type UploadDefinition
} from "./protocol"
export { isPortError, PortError, type PortErrorCode } from "./errors"
export type { StandardSchemaV1 } from "./standard-schema"
export type {
  ClientPort,
  DropCause,
  EndReason,
  FailReason,
  PortEvent,
  Status
} from "./core"
export type { ToClient, ToServer } from "./wire"
