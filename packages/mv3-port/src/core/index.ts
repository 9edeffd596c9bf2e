export type { ClientPort, PortEvent } from "./port"
export { backoffDelay } from "./backoff"
export type { ClientProtocol, Incoming } from "./client/protocol"
export type { Status } from "./client/states"
export type { DropCause, EndReason, FailReason } from "./client/reasons"
export type { ItemState, OutboxItem } from "./client/outbox"
export type {
  ReconnectOptions,
  SessionClientOptions,
  SessionState
} from "./client/options"
export { createSessionClient, type SessionClient } from "./client/client"
export {
  STREAM_ERROR_CODES,
  type StreamErrorCode,
  type StreamMessage,
  type ToReceiver,
  type ToSender
} from "./stream/messages"
export {
  createStreamSender,
  type SenderState,
  type StreamSender,
  type StreamSenderOptions
} from "./stream/sender"
export {
  createStreamReceiver,
  type ReceiverState,
  type StreamReceiver,
  type StreamReceiverOptions
} from "./stream/receiver"
