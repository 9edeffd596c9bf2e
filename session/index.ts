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
