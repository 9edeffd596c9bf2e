export type { ClientPort, PortEvent } from "./port"
export { backoffDelay } from "./backoff"
export type { ClientProtocol, Incoming } from "./client/protocol"
export type { DropCause, Status } from "./client/states"
export type { ReconnectOptions } from "./client/lifecycle"
export type { FailReason, ItemState, OutboxItem } from "./client/outbox"
export {
  createSessionClient,
  type SessionClient,
  type SessionClientOptions,
  type SessionState
} from "./client/client"
