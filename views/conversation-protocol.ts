import type { ClientProtocol, Incoming } from "mv3-port/core"

import type {
  ClientMessage,
  Envelope,
  ServerMessage,
  ViewKind
} from "~protocol"
import { parseServerMessage } from "~protocol/parse"
import { PORT_NAME } from "~protocol/shapes"

import { UPLOAD_CHUNK_BYTES, type UploadFields } from "./file-upload"
import type { StreamPosition } from "./reply-stream"

/** What a view posts: every body in Plasmo's envelope. */
export type Wire = Envelope<ClientMessage>

/**
 * The body of one outbox request: a user's message, its reply streamed or
 * not, or a file (`text` is then its name).
 */
export interface SendBody {
  text: string
  stream?: true
  file?: { size: number }
}

/** What this view's streams say on a (re)send of message `id`. */
export interface StreamsOf {
  /** Where this view's side of the streamed reply to `id` stands (null: no stream). */
  position: (id: string) => StreamPosition | null
  /** The upload fields of the file sent as `id`. */
  upload: (id: string) => UploadFields
}

const NO_STREAMS: StreamsOf = {
  position: () => null,
  upload: () => ({ chunkBytes: UPLOAD_CHUNK_BYTES, cancelled: true })
}

/** Wraps a client message the way Plasmo's port client does. */
export function envelope(body: ClientMessage): Wire {
  return { name: PORT_NAME, body }
}

/** What each background message means to the session client. */
function classify(message: ServerMessage): Incoming {
  switch (message.type) {
    case "welcome":
      return { k: "welcome" }
    case "pong":
      return { k: "pong" }
    case "reply":
      return { k: "res", id: message.id }
    case "error":
      return { k: "err", id: message.id }
    // A streamed reply's chunks, and an upload's grants, are the answer
    // coming in: the request is alive.
    case "stream-chunk":
    case "stream-end":
    case "stream-grant":
    case "stream-done":
      return { k: "progress", id: message.id }
    default:
      return { k: "event" }
  }
}

/** The app's protocol as the session client speaks it, for one view. */
export function conversationProtocol(
  self: { clientId: string; kind: ViewKind },
  streams: StreamsOf = NO_STREAMS
): ClientProtocol<Wire, ServerMessage, SendBody> {
  const { clientId, kind } = self
  return {
    hello: () => envelope({ type: "hello", clientId, kind }),
    ping: () => envelope({ type: "ping" }),
    // Built on every (re)send: a streamed reply's send says where this
    // view's side of the stream stands now, so the background goes on there.
    request: (id, { text, stream, file }) => {
      if (file) {
        const { size } = file
        const fields = streams.upload(id)
        return envelope({ type: "upload", id, name: text, size, ...fields })
      }
      const position = stream ? streams.position(id) : null
      return envelope({
        type: "send",
        id,
        text,
        ...(position ? { stream: position } : {})
      })
    },
    parse: (raw) => {
      const message = parseServerMessage(raw)
      if (!message) {
        console.warn("Ignored a malformed message from the background", raw)
      }
      return message
    },
    classify
  }
}
