import {
  MAX_ID_LENGTH,
  MAX_PREVIEW_LENGTH,
  MAX_REPORTS,
  MAX_TYPE_LENGTH,
  type DeliveryReport
} from "~protocol"
import { isDict, own } from "~protocol/schema"
import { deliveryReport } from "~protocol/shapes"

/** What the inspector shows of one message: never the message itself. */
export interface Description {
  type: string
  bytes?: number
  id?: string
  preview: string
}

/** UTF-8 length of a string, without allocating its encoding. */
export function utf8Length(text: string): number {
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

/**
 * The message's JSON form with binary data (which structured clone carries
 * as itself) replaced by its size, and the size of that binary data; null
 * when it has no JSON form (a cycle, a BigInt, undefined).
 */
function jsonForm(value: unknown): { json: string; binary: number } | null {
  let binary = 0
  try {
    const json = JSON.stringify(value, (_key, item: unknown) => {
      if (item instanceof ArrayBuffer || ArrayBuffer.isView(item)) {
        binary += item.byteLength
        return `<${item.byteLength} bytes>`
      }
      return item
    })
    return typeof json === "string" ? { json, binary } : null
  } catch {
    return null
  }
}

function field(value: unknown, key: string, max: number): string | undefined {
  const item = isDict(value) ? own(value, key) : undefined
  return typeof item === "string" && item.length > 0 && item.length <= max
    ? item
    : undefined
}

/**
 * Describes anything a port carried, however malformed: its `type` and
 * request `id` when they are readable strings, its size, and the start of
 * its JSON form as text (the panel renders it as text, never as HTML).
 */
export function describe(message: unknown): Description {
  const form = jsonForm(message)
  const id = field(message, "id", MAX_ID_LENGTH)
  const preview = !form
    ? ""
    : form.json.length <= MAX_PREVIEW_LENGTH
      ? form.json
      : `${form.json.slice(0, MAX_PREVIEW_LENGTH - 1)}…`
  return {
    type: field(message, "type", MAX_TYPE_LENGTH) ?? "?",
    ...(form ? { bytes: utf8Length(form.json) + form.binary } : {}),
    ...(id ? { id } : {}),
    preview
  }
}

/**
 * The round trips a view's `delivered` reports, those that are well formed
 * (the panel puts each beside its reply); none for anything else.
 */
export function reportsOf(body: unknown): DeliveryReport[] {
  if (!isDict(body) || own(body, "type") !== "delivered") return []
  const reports = own(body, "reports")
  if (!Array.isArray(reports)) return []
  return reports
    .slice(0, MAX_REPORTS)
    .filter((report): report is DeliveryReport => deliveryReport(report))
    .map(({ id, rttMs }) => ({ id, rttMs }))
}

/** What a view sent, inside its envelope `{ name, body }`: the body, when there is one. */
export function bodyOf(raw: unknown): unknown {
  return isDict(raw) && Object.hasOwn(raw, "body") ? raw.body : raw
}
