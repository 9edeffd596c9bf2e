import type { MessageRow } from "~protocol"

/** The view most made-up rows are about. */
export const popup = { clientId: "p-a", kind: "popup" as const }

/** A mirrored message row, as the background would send it: a popup's `send` unless `fields` say otherwise. */
export function messageRow(
  seq: number,
  fields: Partial<MessageRow> = {}
): MessageRow {
  return {
    seq,
    at: 1_000 + seq,
    view: popup,
    direction: "in",
    type: "send",
    bytes: 10,
    preview: "{}",
    ...fields
  }
}
