import {
  createStreamSender,
  type StreamSender,
  type ToSender
} from "mv3-port/core"

import type { ClientMessage, ServerMessage } from "~protocol"

/**
 * Bytes per chunk: a window of them (the background grants 8) is 2 MiB in
 * flight, and a 100 MB file is about 400 messages.
 */
export const UPLOAD_CHUNK_BYTES = 256 * 1024

/** This view's upload while it runs: what the progress bar shows. */
export interface UploadProgress {
  id: string
  name: string
  size: number
  /**
   * Bytes that reached the background, from its last grant. A worker stop
   * loses those not recorded yet (at most a window), so this can step back.
   */
  arrived: number
  /** Mean rate since the upload started, in bytes per second; null before the first grant. */
  bytesPerSecond: number | null
}

/** The `upload` message's fields for this view's upload `id`, less its type and id. */
export type UploadFields = Omit<
  Extract<ClientMessage, { type: "upload" }>,
  "type" | "id" | "name" | "size"
>

/** The background's messages about this view's upload: what the sending side takes. */
type ToUpload = Extract<ServerMessage, { type: ToSender["type"] }>

/** What the file upload is built on. */
interface FileUploadOptions {
  post: (message: ClientMessage) => boolean
  now?: () => number
  chunkBytes?: number
}

/**
 * This view's one file upload: the sending side of the session's stream,
 * reading each chunk from the file when the background grants it (so the
 * view holds at most a window of chunks, whatever the file's size), and
 * reading it again after a drop from wherever the background stands. The
 * upload's reply (or failure) settles it.
 */
export function createFileUpload(options: FileUploadOptions) {
  const now = options.now ?? (() => performance.now())
  const chunkBytes = options.chunkBytes ?? UPLOAD_CHUNK_BYTES
  let current: {
    id: string
    file: File
    sender: StreamSender<ArrayBuffer>
    arrived: number
    startedAt: number
    granted: boolean
  } | null = null

  return {
    /** Starts sending `file` as upload `id`, once the background grants chunks. */
    start(id: string, file: File): void {
      const sender = createStreamSender<ArrayBuffer>({
        id,
        read: (index) => {
          const start = index * chunkBytes
          if (start >= file.size) return null
          return file.slice(start, start + chunkBytes).arrayBuffer()
        },
        post: (message) => options.post(message as ClientMessage)
      })
      current = {
        id,
        file,
        sender,
        arrived: 0,
        startedAt: now(),
        granted: false
      }
    },
    /** The running upload, if any (a cancelled one is not running: its answer is on its way). */
    get(): UploadProgress | null {
      if (!current || current.sender.getState().phase === "cancelled") {
        return null
      }
      const { id, file, arrived, startedAt, granted } = current
      const seconds = (now() - startedAt) / 1000
      const bytesPerSecond = granted && seconds > 0 ? arrived / seconds : null
      return { id, name: file.name, size: file.size, arrived, bytesPerSecond }
    },
    /**
     * The `upload` fields for a (re)send of message `id`: the chunk size,
     * and `cancelled` when the user cancelled it or the view no longer has
     * its file (the background then answers it as cancelled).
     */
    fields(id: string): UploadFields {
      const cancelled =
        current?.id !== id || current.sender.getState().phase === "cancelled"
      return { chunkBytes, ...(cancelled ? { cancelled: true } : {}) }
    },
    /** Takes a stream message from the background; false when it is not about this upload. */
    receive(message: ToUpload): boolean {
      if (current?.id !== message.id) return false
      if (message.type === "stream-grant") {
        current.arrived = Math.min(current.file.size, message.next * chunkBytes)
        current.granted = true
      }
      current.sender.receive(message)
      return true
    },
    /** The port dropped: chunks in flight are gone; the re-sent `upload` is answered with a grant. */
    dropped(): void {
      current?.sender.dropped()
    },
    /** The user's Cancel: the background stops and answers the upload as cancelled. */
    cancel(): void {
      current?.sender.cancel("cancelled")
    },
    /** Message `id` got its answer (or failed): its upload is over. */
    settle(id: string): void {
      if (current?.id === id) current = null
    }
  }
}
