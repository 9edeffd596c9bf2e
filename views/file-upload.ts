import { PortError } from "mv3-port"

import type { Reply } from "~protocol/conversation"

import type { UploadProgress, ViewClient } from "./conversation-types"

/**
 * Bytes per chunk: a window of them (the worker grants 8) is 2 MiB in
 * flight, and a 100 MB file is about 400 messages.
 */
export const UPLOAD_CHUNK_BYTES = 256 * 1024

/**
 * This view's one file upload: the package's upload sink reading each
 * chunk from the `File` only when the worker's window lets it go (so the
 * view holds at most a window, whatever the file's size), and again from
 * wherever a restarted worker stands.
 */
export function createFileUpload(
  client: ViewClient,
  onChange: () => void,
  now: () => number = () => performance.now()
) {
  let current: {
    id: string
    file: File
    arrived: number
    startedAt: number
    granted: boolean
    cancelled: boolean
    abort: () => void
  } | null = null

  return {
    /** The running upload, if any (a cancelled one is not running: it is ending). */
    get(): UploadProgress | null {
      if (!current || current.cancelled) return null
      const { id, file, arrived, startedAt, granted } = current
      const seconds = (now() - startedAt) / 1000
      const bytesPerSecond = granted && seconds > 0 ? arrived / seconds : null
      return { id, name: file.name, size: file.size, arrived, bytesPerSecond }
    },
    /**
     * Sends `file` as message `id`; resolves with the worker's answer,
     * rejects with a `PortError` ("upload-cancelled" after the user's Cancel).
     */
    async run(id: string, file: File): Promise<Reply> {
      const chunkBytes = UPLOAD_CHUNK_BYTES
      const input = { id, name: file.name, size: file.size, chunkBytes }
      const sink = client.upload("file", input, {
        read: (index) =>
          index * chunkBytes < file.size
            ? file
                .slice(index * chunkBytes, (index + 1) * chunkBytes)
                .arrayBuffer()
            : null,
        onProgress: (chunks) => {
          if (current !== run) return
          run.arrived = Math.min(file.size, chunks * chunkBytes)
          run.granted = true
          onChange()
        }
      })
      const run = {
        id,
        file,
        arrived: 0,
        startedAt: now(),
        granted: false,
        cancelled: false,
        abort: sink.abort
      }
      current = run
      try {
        return await sink.close()
      } catch (error) {
        throw run.cancelled ? new PortError("upload-cancelled") : error
      } finally {
        if (current === run) current = null
      }
    },
    /** The user's Cancel: the worker stops reading, the upload fails as cancelled. */
    cancel(): void {
      if (!current || current.cancelled) return
      current.cancelled = true
      current.abort()
    }
  }
}
