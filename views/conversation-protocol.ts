import type {
  ClientMessage,
  Envelope,
  ServerMessage,
  ViewKind
} from "~protocol"
import { PORT_NAME } from "~protocol/messages"
import { parseServerMessage } from "~protocol/parse"
import type { ClientProtocol, Incoming } from "~session"

/** What a view posts: every body in Plasmo's envelope. */
export type Wire = Envelope<ClientMessage>

/** The body of one outbox request: a user's message. */
export interface SendBody {
  text: string
}

/** Wraps a client message the way Plasmo's port client does. */
export function envelope(body: ClientMessage): Wire {
  return { name: PORT_NAME, body }
}

/** What each background message means to the session client. */
function classify(message: ServerMessage): Incoming {
  switch (message.type) {
    case "welcome":
      return { kind: "welcome" }
    case "pong":
      return { kind: "pong" }
    case "reply":
      return { kind: "reply", id: message.id }
    case "error":
      return { kind: "error", id: message.id }
    default:
      return { kind: "push" }
  }
}

/** The app's protocol as the session client speaks it, for one view. */
export function conversationProtocol(self: {
  clientId: string
  kind: ViewKind
}): ClientProtocol<Wire, ServerMessage, SendBody> {
  const { clientId, kind } = self
  return {
    hello: () => envelope({ type: "hello", clientId, kind }),
    ping: () => envelope({ type: "ping" }),
    request: (id, { text }) => envelope({ type: "send", id, text }),
    parse: (raw) => {
      const message = parseServerMessage(raw)
      if (!message) {
        console.warn("Ignored a malformed message from the background", raw)
      }
      return message
    },
    classify
  }
}
