import type { ToServer, ToView } from "mv3-port/server"

import {
  MAX_PREVIEW_LENGTH,
  MAX_REPORTS,
  MAX_TYPE_LENGTH,
  type DeliveryReport,
  type MessageRow
} from "~protocol"
import { isDict, own } from "~protocol/schema"
import { deliveryReport, id as isAppId } from "~protocol/shapes"

/** What the inspector shows of one message: never the message itself. */
type Description = Pick<MessageRow, "type" | "bytes" | "id" | "preview">

/**
 * Most values (array items and object keys, each counted) and characters
 * of a message the mirror looks at: past them the row has no size and a
 * cut preview. The tap hears a message before its payload is checked, so
 * these bound what any message, however built, costs the worker; a message
 * of the protocol's own size (a text, a file's chunk) stays well within.
 */
const MAX_VALUES = 2_000
const MAX_CHARS = 1 << 20

/**
 * The message's JSON form, binary data (which structured clone carries as
 * itself) written as its size, and the size of that binary data; `cut`
 * when it went past a bound and `json` is only its start. Arrays are read
 * by index and objects with `for…in`, both stopping at the bound: an
 * array's length, or an object's key count, says nothing of what reading
 * it whole would cost (`Object.keys` would list every key first).
 */
function jsonForm(message: unknown) {
  const parts: string[] = []
  let chars = 0
  let values = 0
  let binary = 0
  const put = (text: string) => {
    parts.push(text)
    chars += text.length
  }
  function write(value: unknown): boolean {
    if (++values > MAX_VALUES || chars > MAX_CHARS) return false
    if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
      binary += value.byteLength
      put(JSON.stringify(`<${value.byteLength} bytes>`))
    } else if (typeof value === "string") {
      if (value.length > MAX_CHARS - chars) return false
      put(JSON.stringify(value))
    } else if (Array.isArray(value)) {
      put("[")
      for (let i = 0; i < value.length; i++) {
        if (i > 0) put(",")
        if (!write(value[i] ?? null)) return false
      }
      put("]")
    } else if (isDict(value)) {
      put("{")
      let first = true
      for (const key in value) {
        const item = value[key]
        if (item === undefined || typeof item === "function") {
          if (++values > MAX_VALUES) return false
          continue
        }
        put(`${first ? "" : ","}${JSON.stringify(key)}:`)
        first = false
        if (!write(item)) return false
      }
      put("}")
    } else {
      // A number, boolean or null (a BigInt or a symbol: null).
      put(JSON.stringify(value) ?? "null")
    }
    return true
  }
  const whole = write(message)
  return { json: parts.join(""), binary, cut: !whole }
}

/** UTF-8 length of a string, without allocating its encoding. */
function utf8Length(text: string): number {
  let length = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code < 0x80) length += 1
    else if (code < 0x800) length += 2
    else if (code >= 0xd800 && code < 0xdc00 && i + 1 < text.length) {
      // A surrogate pair is one code point, four bytes.
      length += 4
      i++
    } else length += 3
  }
  return length
}

/** The type column: what a message is, in the words of the protocol. */
function typeOf(message: ToServer | ToView): string {
  if (message.k === "st") return message.m.type
  if (message.k === "req" || message.k === "event") return message.name
  if (message.k === "stream" || message.k === "upload") {
    return `${message.k}:${message.name}`
  }
  return message.k === "res"
    ? "reply"
    : message.k === "err"
      ? "error"
      : message.k
}

/** The app's message id a message carries (`input.id`, `output.id`), if any. */
export function appIdOf(message: ToServer | ToView): string | undefined {
  const payload =
    message.k === "req" || message.k === "stream" || message.k === "upload"
      ? message.input
      : message.k === "res"
        ? message.output
        : undefined
  const found = isDict(payload) ? own(payload, "id") : undefined
  return isAppId(found) ? found : undefined
}

/** The package's id of a request, stream or upload, or of its answer. */
export function packageIdOf(message: ToServer | ToView): string | undefined {
  if (message.k === "st") return message.m.id
  if ("id" in message && typeof message.id === "string") return message.id
  return undefined
}

/**
 * Describes a message of the package's wire: its type, the app's id it
 * carries (else the package's), its size, and the start of its JSON form
 * as text (the panel renders it as text, never as HTML).
 */
export function describe(message: ToServer | ToView): Description {
  const { json, binary, cut } = jsonForm(message)
  const preview =
    json.length <= MAX_PREVIEW_LENGTH && !cut
      ? json
      : `${json.slice(0, MAX_PREVIEW_LENGTH - 1)}…`
  const id = appIdOf(message) ?? packageIdOf(message)
  return {
    type: typeOf(message).slice(0, MAX_TYPE_LENGTH) || "?",
    ...(cut ? {} : { bytes: utf8Length(json) + binary }),
    ...(isAppId(id) ? { id } : {}),
    preview
  }
}

/**
 * The round trips a view's `delivered` request reports, those that are
 * well formed (the panel puts each beside its reply); none for anything else.
 */
export function reportsOf(message: ToServer): DeliveryReport[] {
  if (message.k !== "req" || message.name !== "delivered") return []
  const reports = isDict(message.input)
    ? own(message.input, "reports")
    : undefined
  if (!Array.isArray(reports)) return []
  return reports
    .slice(0, MAX_REPORTS)
    .filter((report): report is DeliveryReport => deliveryReport(report))
    .map(({ id, rttMs }) => ({ id, rttMs }))
}
