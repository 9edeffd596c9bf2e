import type { SendRefusal } from "./conversation-types"

/** What decides whether a Send or a Send file goes through. */
interface SendGate {
  /** The session takes requests (connected, or reconnecting with room in the queue). */
  accepting: boolean
  maxMessageLength: number
  maxFileBytes: number
}

/** Why the trimmed `text` cannot be sent (a streamed reply when `streamRunning` is set), or null. */
export function textRefusal(
  text: string,
  gate: SendGate & { streamRunning: boolean }
): SendRefusal | null {
  if (!gate.accepting) return { code: "not-connected" }
  if (gate.streamRunning) return { code: "stream-running" }
  if (text.length === 0) return { code: "empty" }
  if (text.length > gate.maxMessageLength) {
    return {
      code: "too-long",
      length: text.length,
      limit: gate.maxMessageLength
    }
  }
  return null
}

/** Why `file` cannot be sent, or null. */
export function fileRefusal(
  file: Blob,
  gate: SendGate & { uploadRunning: boolean }
): SendRefusal | null {
  if (!gate.accepting) return { code: "not-connected" }
  if (gate.uploadRunning) return { code: "upload-running" }
  if (file.size === 0) return { code: "file-empty" }
  if (file.size > gate.maxFileBytes) {
    return { code: "file-too-large", size: file.size, limit: gate.maxFileBytes }
  }
  return null
}
