/** The session server: admitted ports, parsed once, handled in order. */
export {
  createSessionServer,
  type Parsed,
  type SessionServer,
  type SessionServerOptions
} from "./server"
export { PeerRegistry, type Peer, type ServerPort } from "./registry"
