import type { ClientMessage, ServerMessage } from "~protocol"

import type { StreamsOf } from "./conversation-protocol"
import { createFileUpload } from "./file-upload"
import { createReplyStream, type StreamingReply } from "./reply-stream"

const STREAM_TYPES = [
  "stream-chunk",
  "stream-resume",
  "stream-end",
  "stream-grant",
  "stream-done",
  "stream-cancel",
  "stream-error"
] as const

/** The background's messages about one of this view's streams, either way. */
export type StreamMessage = Extract<
  ServerMessage,
  { type: (typeof STREAM_TYPES)[number] }
>

/** True for a message about one of this view's streams (not another view's `stream-progress`). */
export function isStreamMessage(
  message: ServerMessage
): message is StreamMessage {
  return (STREAM_TYPES as readonly string[]).includes(message.type)
}

/**
 * A view's two streams: the streamed reply it receives and the file it
 * sends, routed by message type and id (a cancel or an error may be about
 * either).
 */
export function createViewStreams(options: {
  post: (message: ClientMessage) => boolean
  /** The streamed reply grew by a chunk. */
  onReplyText: (reply: StreamingReply) => void
}) {
  const reply = createReplyStream({
    post: options.post,
    onText: options.onReplyText
  })
  const upload = createFileUpload({ post: options.post })
  const of: StreamsOf = { position: reply.position, upload: upload.fields }

  return {
    reply,
    upload,
    /** What a (re)send of a message says about its streams. */
    of,
    /** Takes a stream message; false when it is about no stream of this view. */
    receive(message: StreamMessage): boolean {
      switch (message.type) {
        case "stream-chunk":
        case "stream-resume":
        case "stream-end":
          return reply.receive(message)
        case "stream-grant":
        case "stream-done":
          return upload.receive(message)
        case "stream-cancel":
        case "stream-error":
          return reply.receive(message) || upload.receive(message)
      }
    },
    /** Message `id` got its answer (or failed): its streams are over. */
    settle(id: string): void {
      reply.settle(id)
      upload.settle(id)
    }
  }
}
