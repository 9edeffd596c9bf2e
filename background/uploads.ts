import { createSHA256, type IHasher } from "hash-wasm"
import { PortError } from "mv3-port/server"
import type { UploadChunks } from "mv3-port/server/streams"

import type { Reply } from "~protocol/conversation"
import type { SessionArea } from "~storage/layout"
import { toBase64, uploadKey, type UploadState } from "~storage/upload-state"

import {
  chunkCount,
  chunkLength,
  restoreHasher,
  uploadReply,
  type Upload
} from "./upload-hash"
import type { View } from "./views"

/** What the uploads are built on. */
interface UploadsDeps {
  area: SessionArea
  /** Largest file accepted, in bytes. */
  maxFileBytes: number
  /** The answer recorded for an upload id before, if any (a re-sent upload). */
  recorded(upload: Upload): Reply | undefined | Promise<Reply | undefined>
  /** Records the file's reply, relays it, and gives the answer. */
  record(view: View, upload: Upload, reply: string): Reply | Promise<Reply>
  /** A new SHA-256 hasher whose state can be saved (hash-wasm's by default). */
  hasher?: () => Promise<IHasher>
}

/**
 * The `file` upload's handler: one running upload per view, whose chunks
 * are hashed as they arrive and dropped, so the worker never holds a file.
 * After each chunk the hash state goes to `chrome.storage.session`, so a
 * handler run again in a new worker restores the hasher and reads from the
 * chunk after it (`chunks.from`): the view sends nothing twice.
 */
export function createUploads(deps: UploadsDeps) {
  // Keyed by port, a token per run: a run opened again on the same port
  // must not be forgotten by the end of the run it replaced.
  const running = new Map<unknown, { id: string }>()
  const newHasher = deps.hasher ?? createSHA256

  /** Hashes the chunks from where the saved state stands; the digest. */
  async function hash(
    upload: Upload,
    key: string,
    chunks: UploadChunks<ArrayBuffer>
  ): Promise<string> {
    const { id, name, size, chunkBytes } = upload
    const { hasher, kept } = await restoreHasher(
      deps.area,
      key,
      upload,
      newHasher
    )
    let index = kept
    for await (const chunk of chunks.from(kept)) {
      // Not the bytes this chunk must hold: a hash of them would be wrong.
      if (chunk.byteLength !== chunkLength(upload, index)) {
        throw new PortError("bad-chunk", { index })
      }
      hasher.update(new Uint8Array(chunk))
      index += 1
      const state: UploadState = {
        id,
        name,
        size,
        chunkBytes,
        kept: index,
        hash: toBase64(hasher.save())
      }
      await deps.area.set({ [key]: state })
    }
    if (index !== chunkCount(upload)) throw new PortError("bad-count")
    return hasher.digest("hex")
  }

  return async function file(
    upload: Upload,
    chunks: UploadChunks<ArrayBuffer>,
    view: View
  ): Promise<Reply> {
    const { id, name, size } = upload
    if (size === 0) throw new PortError("file-empty")
    if (size > deps.maxFileBytes) {
      throw new PortError("file-too-large", { limit: deps.maxFileBytes })
    }
    const current = running.get(view.port)
    if (current && current.id !== id) throw new PortError("upload-running")
    const run = { id }
    running.set(view.port, run)
    const key = uploadKey(view.meta.clientId)
    try {
      const again = await deps.recorded(upload)
      if (again) return again
      const sha256 = await hash(upload, key, chunks)
      await deps.area.remove([key])
      return await deps.record(view, upload, uploadReply(name, size, sha256))
    } catch (error) {
      // Over for good on this worker (a cancel, a refusal, a failure, its
      // port gone): a view that opens it again starts from the first chunk,
      // and a closed view's state is not left behind. A worker stop runs
      // no code: its state is what the next worker goes on from.
      await deps.area.remove([key]).catch(() => {})
      throw error
    } finally {
      if (running.get(view.port) === run) running.delete(view.port)
    }
  }
}
