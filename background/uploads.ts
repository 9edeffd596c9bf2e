import { createSHA256, type IHasher } from "hash-wasm"
import {
  createStreamReceiver,
  type StreamReceiver,
  type ToReceiver
} from "mv3-port/core"

import type { ClientMessage, Refusal, ServerMessage } from "~protocol"
import type { SessionArea } from "~storage/layout"
import { toBase64, uploadKey, type UploadState } from "~storage/upload-state"

import {
  chunkCount,
  chunkLength,
  restoreHasher,
  uploadReply,
  type Upload
} from "./upload-hash"

/** Chunks a view may have in flight beyond those the background kept. */
const WINDOW = 8

/** A view's message about its running upload: what the receiving side takes. */
export type UploadMessage = Extract<
  ClientMessage,
  { type: ToReceiver<ArrayBuffer>["type"] }
>

/** What the uploads are built on; `V` is the server's peer for a view. */
export interface UploadsDeps<V> {
  area: SessionArea
  /** Largest file accepted, in bytes. */
  maxFileBytes: number
  post: (view: V, message: ServerMessage) => void
  refuse: (view: V, refusal: Refusal) => void
  /** Records the upload's reply, answers the view and relays it. */
  answer: (view: V, upload: Upload, reply: string) => void
  /** A new SHA-256 hasher whose state can be saved (hash-wasm's by default). */
  hasher?: () => Promise<IHasher>
}

interface Running {
  upload: Upload
  key: string
  receiver: StreamReceiver<ArrayBuffer>
  /** Set when the upload ended or its view left: nothing more is written for it. */
  gone: boolean
}

/**
 * The background's side of file uploads: one running upload per view, whose
 * chunks are hashed as they arrive and dropped, so the worker never holds a
 * file. A chunk counts as kept once the hash state after it is in
 * `chrome.storage.session`, so a new worker restores the hasher and grants
 * from there when the view re-sends its `upload` after the drop.
 */
export function createUploads<V extends { port: unknown }>(
  deps: UploadsDeps<V>
) {
  // Keyed by port: the server hands `onLeave` a copy of the peer.
  const running = new Map<unknown, Running>()
  const newHasher = deps.hasher ?? createSHA256

  function forget(view: V, current: Running): void {
    current.gone = true
    running.delete(view.port)
    void deps.area.remove([current.key])
  }

  async function start(view: V, key: string, upload: Upload): Promise<void> {
    const { id, name, size, chunkBytes } = upload
    const { hasher, kept } = await restoreHasher(
      deps.area,
      key,
      upload,
      newHasher
    )
    const current: Running = { upload, key, receiver: null!, gone: false }
    current.receiver = createStreamReceiver<ArrayBuffer>({
      id,
      window: WINDOW,
      kept,
      keep: async (index, data) => {
        if (current.gone) return
        hasher.update(new Uint8Array(data))
        const state: UploadState = {
          id,
          name,
          size,
          chunkBytes,
          kept: index + 1,
          hash: toBase64(hasher.save())
        }
        await deps.area.set({ [key]: state })
      },
      finish: () => {
        if (current.gone) return
        forget(view, current)
        deps.answer(view, upload, uploadReply(name, size, hasher.digest("hex")))
      },
      post: (message) => {
        deps.post(view, message)
        return true
      },
      onChange: (state) => {
        // Storage refused a chunk's state: the receiver cancelled the stream.
        if (state.phase === "cancelled" && state.code === "keep-failed") {
          forget(view, current)
          deps.refuse(view, { code: "internal", id })
        }
      }
    })
    running.set(view.port, current)
    current.receiver.announce()
  }

  return {
    /**
     * Starts the upload (or, re-sent after a drop, says where it stands);
     * resolves once the receiver is ready, so later chunks wait for it.
     */
    async open(view: V, clientId: string, upload: Upload): Promise<void> {
      const { id, size } = upload
      if (size === 0) return deps.refuse(view, { code: "file-empty", id })
      if (size > deps.maxFileBytes) {
        const limit = deps.maxFileBytes
        return deps.refuse(view, { code: "file-too-large", id, limit })
      }
      const current = running.get(view.port)
      if (current && current.upload.id !== id) {
        return deps.refuse(view, { code: "upload-running", id })
      }
      const key = uploadKey(clientId)
      if (upload.cancelled) {
        if (current) forget(view, current)
        else await deps.area.remove([key])
        return deps.refuse(view, { code: "upload-cancelled", id })
      }
      if (current) return current.receiver.announce()
      await start(view, key, upload)
    },

    /**
     * A view's message about an upload; false when it has no upload of that
     * id and the message may be about something else (a cancel or an error
     * about a streamed reply). A chunk, resume or end for no running upload
     * is answered `stream-closed`.
     */
    receive(view: V, message: UploadMessage): boolean {
      const current = running.get(view.port)
      if (!current || current.upload.id !== message.id) {
        if (
          message.type === "stream-cancel" ||
          message.type === "stream-error"
        ) {
          return false
        }
        const { id } = message
        deps.post(view, { type: "stream-error", id, code: "stream-closed" })
        return true
      }
      const { upload, receiver } = current
      const state = receiver.getState()
      const { id } = upload
      if (
        message.type === "stream-chunk" &&
        state.phase === "open" &&
        message.index === state.arrived &&
        message.data.byteLength !== chunkLength(upload, message.index)
      ) {
        // Not the bytes this chunk must hold: a hash of them would be wrong.
        const { index } = message
        deps.post(view, { type: "stream-error", id, code: "bad-chunk", index })
        return true
      }
      if (
        message.type === "stream-end" &&
        message.count !== chunkCount(upload)
      ) {
        deps.post(view, { type: "stream-error", id, code: "bad-count" })
        return true
      }
      receiver.receive(message)
      if (message.type === "stream-cancel") {
        forget(view, current)
        deps.refuse(view, { code: "upload-cancelled", id })
      }
      return true
    },

    /**
     * The view's port went while this worker runs: the view closed, or
     * disconnected (its upload failed), or, rarely, reconnects, and then
     * its re-sent `upload` starts over, which is slower but as correct.
     * So the state is dropped with the port rather than left in storage.
     */
    leave(view: V): void {
      const current = running.get(view.port)
      if (current) forget(view, current)
    }
  }
}

/** The background's uploads. */
export type Uploads<V extends { port: unknown }> = ReturnType<
  typeof createUploads<V>
>
