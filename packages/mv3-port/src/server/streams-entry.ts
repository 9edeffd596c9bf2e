/** `mv3-port/server/streams`: the service worker's side with streams and uploads. */
export { createStreamServer, type StreamServerOptions } from "./stream-server"
export {
  UPLOAD_WINDOW,
  type StreamHandlers,
  type UploadHandlers
} from "./streams"
