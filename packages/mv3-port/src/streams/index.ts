/**
 * `mv3-port/streams`: the view's side with streams and uploads.
 * `createStreamClient` is `createPortClient` plus `stream` (read with
 * `for await`) and `upload` (a sink with backpressure).
 */
export { createStreamClient, type StreamClient } from "./client"
export { STREAM_WINDOW } from "./stream"
export type { UploadOptions, UploadSink } from "./upload"
export {
  defineProtocol,
  type Check,
  type Guard,
  type ProtocolDefinition,
  type StreamChunk,
  type StreamDefinition,
  type StreamInput,
  type StreamName,
  type UploadChunk,
  type UploadChunkOutput,
  type UploadDefinition,
  type UploadInput,
  type UploadName,
  type UploadOutput
} from "../protocol"
export { isPortError, PortError, type PortErrorCode } from "../errors"
export type {
  PortClient,
  PortClientOptions,
  PortClientState,
  RequestOptions,
  RequestProgress
} from "../client"
export type { DropCause, EndReason, FailReason, Status } from "../core"
