import { isPortError } from "mv3-port/server"

import {
  ERROR_CODES,
  type ErrorCode,
  type Refusal,
  type ServerMessage
} from "~protocol"

import type { Reply } from "./conversation"

// How a handler's answer, or its refusal, goes on the wire the views speak
// today: the server (conversation-server.ts) posts what these return.

const isErrorCode = (code: string): code is ErrorCode =>
  (ERROR_CODES as readonly string[]).includes(code)

/** The answer to a `send` or an upload. */
export const replyMessage = (reply: Reply): ServerMessage => ({
  type: "reply",
  ...reply
})

/** The error message for a refusal, with `field` and `limit` only when it has them. */
export const errorMessage = ({
  id,
  code,
  ...detail
}: Refusal): ServerMessage => ({ type: "error", id, code, ...detail })

/**
 * The error that answers message `id` when its handler threw: the code of
 * a `PortError` it refused with, else `internal` (and the console hears of
 * what failed, since the view learns nothing more).
 */
export function thrownMessage(
  id: string | null,
  error: unknown
): ServerMessage {
  if (isPortError(error) && isErrorCode(error.code)) {
    return errorMessage({ id, code: error.code })
  }
  console.error("Failed to handle a message", error)
  return errorMessage({ id, code: "internal" })
}
