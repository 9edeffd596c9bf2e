import { count, integer, object, string, type Infer } from "~protocol/schema"
import {
  CHUNK_BYTES,
  MAX_FILE_NAME_LENGTH,
  MAX_ID_LENGTH
} from "~protocol/shapes"

import { UPLOAD_PREFIX } from "./layout"

/**
 * What the background keeps of a running upload so that a new worker goes
 * on where the last one stopped: how many chunks it kept and the SHA-256
 * state after them, never the bytes (storage.session holds 10 MB in all).
 * Only the background reads and writes it.
 */
const uploadStateShape = {
  /** The upload's stream id (the view's message id). */
  id: string(1, MAX_ID_LENGTH),
  name: string(1, MAX_FILE_NAME_LENGTH),
  size: count,
  chunkBytes: integer(CHUNK_BYTES.min, CHUNK_BYTES.max),
  /** Chunks hashed so far. */
  kept: count,
  /** The hasher's saved state after `kept` chunks, in base64. */
  hash: string(1, 4096)
}
/** A running upload as stored. */
export type UploadState = Infer<typeof uploadStateShape>

/** Checks a stored upload state. */
export const isUploadState = object(uploadStateShape)

/** The key of the upload running from view `clientId`. */
export function uploadKey(clientId: string): string {
  return UPLOAD_PREFIX + clientId
}

/** Bytes as base64, as storage keeps no typed arrays (a hasher state: small enough to spread). */
export function toBase64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
}

/** The bytes of a base64 string written by `toBase64`. */
export function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (char) => char.charCodeAt(0))
}
