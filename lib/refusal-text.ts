import type { Refusal } from "~protocol"

/** The views' wording of the background's refusal of a message. */
export function refusalText(refusal: Refusal): string {
  switch (refusal.code) {
    case "bad-envelope":
      return "The message did not reach the background intact."
    case "unknown-type":
      return "The background does not know this kind of message."
    case "bad-message":
      return refusal.field
        ? `The background refused the message (field "${refusal.field}").`
        : "The background refused the message."
    case "empty-text":
      return "The message is empty."
    case "text-too-long":
      return `The message is too long; the limit is ${refusal.limit ?? "lower"} characters.`
    case "id-reused":
      return "This message id was already used for a different message."
    case "internal":
      return "The background failed to handle this message."
  }
}
