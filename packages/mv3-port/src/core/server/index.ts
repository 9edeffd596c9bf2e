/** The session server: admitted ports, parsed once, handled in order. */
export {
  createSessionServer,
  type LeaveCause,
  type Parsed,
  type SessionServer,
  type SessionServerOptions,
  type TrafficObserver
} from "./server"
export { PeerRegistry, type Peer, type ServerPort } from "./registry"
