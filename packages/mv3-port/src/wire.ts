/**
 * What crosses the port, and the checks of what arrives. Both read only the
 * few fields they need from a plain object, so a hostile or broken message
 * costs O(1) here; payloads are checked later, by `isPlainData` and the
 * protocol's validators.
 */
import type { StreamMessage } from "./core/stream/messages"
import { isId, isRecord } from "./plain-data"
import { readStreamMessage } from "./streams/wire"

/** A view's messages to the worker. */
export type ToServer =
  /** The first message on a port; `data` is the view's `hello`. */
  | { k: "hello"; data?: unknown }
  | { k: "ping" }
  /** Request `id` (re-sent under the same id after a drop). */
  | { k: "req"; id: string; name: string; input: unknown }
  /**
   * Opens stream `id` (again, after a drop): the view's receiver has
   * `next` chunks and lets the worker send up to (not including) `upTo`.
   */
  | {
      k: "stream"
      id: string
      name: string
      input: unknown
      next: number
      upTo: number
    }
  /** Opens upload `id` (again, after a drop); the worker answers with a grant. */
  | { k: "upload"; id: string; name: string; input: unknown }
  /** A message of a running stream or upload (core/stream's). */
  | { k: "st"; m: StreamMessage<unknown> }

/** The worker's messages to a view. */
export type ToClient =
  | { k: "welcome" }
  | { k: "pong" }
  | { k: "res"; id: string; output: unknown }
  /**
   * Request `id` failed; null when the request had no readable id.
   * `detail` is the handler's `PortError` detail, not read here: the
   * client checks it is plain data before it shows it.
   */
  | { k: "err"; id: string | null; code: string; detail?: unknown }
  | { k: "event"; name: string; data: unknown }

/**
 * Everything the worker posts: `ToClient`, and the messages of running
 * streams and uploads, which only `mv3-port/streams` reads (the client
 * entry's reader stays as small as it is).
 */
export type ToView = ToClient | { k: "st"; m: StreamMessage<unknown> }

/** The worker's message that ends stream or upload `id` with `code`. */
export function streamCancel(id: string, code: string): ToView {
  return { k: "st", m: { type: "stream-cancel", id, code } }
}

/** A message to the worker that cannot be read, with its id if it had one. */
export type BadToServer = { ok: false; id: string | null }

const MAX_NAME_LENGTH = 128
const isName = (value: unknown): value is string =>
  typeof value === "string" && value.length <= MAX_NAME_LENGTH

/** Reads a view's message; a request without a well-formed id is bad. */
export function readToServer(
  raw: unknown
): { ok: true; value: ToServer } | BadToServer {
  if (!isRecord(raw)) return { ok: false, id: null }
  const { k, id, name, next, upTo } = raw
  if (k === "hello") return { ok: true, value: { k, data: raw.data } }
  if (k === "ping") return { ok: true, value: { k } }
  if (k === "st") {
    const m = readStreamMessage(raw.m)
    return m ? { ok: true, value: { k, m } } : { ok: false, id: null }
  }
  if ((k !== "req" && k !== "stream" && k !== "upload") || !isId(id)) {
    return { ok: false, id: null }
  }
  if (!isName(name)) return { ok: false, id }
  const { input } = raw
  if (k !== "stream") return { ok: true, value: { k, id, name, input } }
  const grant = readStreamMessage({ type: "stream-grant", id, next, upTo })
  return grant?.type === "stream-grant"
    ? {
        ok: true,
        value: { k, id, name, input, next: grant.next, upTo: grant.upTo }
      }
    : { ok: false, id }
}

/** Reads a worker's message; null when it is none of ours. */
export function readToClient(raw: unknown): ToClient | null {
  if (!isRecord(raw)) return null
  const { k, id, code, name } = raw
  // The message itself when its fields fit: the client reads only those,
  // so any other field is never looked at.
  const fits =
    k === "welcome" ||
    k === "pong" ||
    (k === "res" && isId(id)) ||
    (k === "err" && (id === null || isId(id)) && isName(code)) ||
    (k === "event" && isName(name))
  return fits ? (raw as ToClient) : null
}
