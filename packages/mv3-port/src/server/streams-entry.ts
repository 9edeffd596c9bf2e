/** `mv3-port/server/streams`: the service worker's side with streams and uploads. */
export { createStreamServer, type StreamServerOptions } from "./stream-server"
export type { StreamHandlers } from "./streams"
export {
  UPLOAD_WINDOW,
  type UploadChunks,
  type UploadHandlers
} from "./uploads"
