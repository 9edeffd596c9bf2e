/**
 * `mv3-port/streams`: the view's side with streams and uploads.
 * `createStreamClient` is `createPortClient` plus `stream` (read with
 * `for await`) and `upload` (a sink with backpressure).
 */
export {
  createStreamClient,
  STREAM_WINDOW,
  type StreamClient,
  type UploadSink
} from "./client"
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
export type { PortClient, PortClientOptions, RequestOptions } from "../client"
