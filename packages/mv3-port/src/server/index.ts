/** `mv3-port/server`: the service worker's side. */
export {
  createPortServer,
  type Handlers,
  type PortServer,
  type PortServerOptions
} from "./port-server"
export { MAX_HELD } from "./admission"
export type { PortPeer, PortTap, ServerSidePort, TappedPeer } from "./peer"
export {
  DEFAULT_LIMIT,
  memoryStore,
  type Answer,
  type AnswerStore
} from "./stores"
export {
  sessionStorageStore,
  type SessionStorageStoreOptions,
  type StorageAreaLike
} from "./session-storage-store"
export { fromOwnPage, type PortSender } from "../chrome"
export type { ToServer, ToView } from "../wire"
export { defineProtocol, type ProtocolDefinition } from "../protocol"
export { isPortError, PortError, type PortErrorCode } from "../errors"
