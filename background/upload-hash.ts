import type { IHasher } from "hash-wasm"

import type { SessionArea } from "~storage/layout"
import { fromBase64, isUploadState } from "~storage/upload-state"

// What an upload is made of (its chunks, its answer) and where its hash
// starts from; the running uploads themselves are in uploads.ts.

/** A view's `file` upload as its input names it: the file's name, size and chunk size. */
export interface Upload {
  id: string
  name: string
  size: number
  chunkBytes: number
}

/** The answer to a whole file: the tutorial's wording, with what arrived. */
export function uploadReply(name: string, size: number, sha256: string) {
  return `Background received: "${name}" (${size} bytes, SHA-256 ${sha256})`
}

/** Chunks a file of `size` bytes is cut into. */
export const chunkCount = ({ size, chunkBytes }: Upload) =>
  Math.ceil(size / chunkBytes)

/** How long chunk `index` of `upload` must be: its chunk size, but the last. */
export function chunkLength({ size, chunkBytes }: Upload, index: number) {
  return Math.min(chunkBytes, size - index * chunkBytes)
}

/**
 * A hasher for `upload`: restored from the state a worker recorded under
 * `key` (with the chunks it had kept), or a fresh one from chunk 0.
 */
export async function restoreHasher(
  area: SessionArea,
  key: string,
  upload: Upload,
  newHasher: () => Promise<IHasher>
): Promise<{ hasher: IHasher; kept: number }> {
  const hasher = await newHasher()
  const stored = (await area.get([key]))[key]
  if (
    isUploadState(stored) &&
    stored.id === upload.id &&
    stored.name === upload.name &&
    stored.size === upload.size &&
    stored.chunkBytes === upload.chunkBytes
  ) {
    try {
      hasher.load(fromBase64(stored.hash))
      return { hasher, kept: stored.kept }
    } catch {
      // A state hash-wasm cannot load: start over, the view still has every chunk.
    }
  }
  hasher.init()
  return { hasher, kept: 0 }
}
