/**
 * What the session client needs to know of the app's protocol. The client
 * never looks inside a message itself: the app builds every message it posts
 * and says, per message it receives, what that message means to the session.
 * `Out` is the wire form the client posts, `In` a checked server message and
 * `Req` the body of one outbox request.
 */
export interface ClientProtocol<Out, In, Req> {
  /** The first message on every port; the session waits for a `welcome` answer. */
  hello(): Out
  /**
   * The heartbeat posted while open: a port message resets an MV3 worker's
   * idle timer. https://developer.chrome.com/docs/extensions/develop/concepts/service-workers/lifecycle
   */
  ping(): Out
  /** The wire form of outbox request `id`; re-sends use the same id. */
  request(id: string, body: Req): Out
  /** A strict parser of what arrives on the port; null: ignored (the parser may warn). */
  parse(raw: unknown): In | null
  /**
   * What a parsed message means to the session; omitted, the message is its
   * own meaning (it has the fields of `Incoming`).
   */
  classify?(message: In): Incoming
}

/** What one server message means to the session. */
export type Incoming =
  /** The answer to `hello`: the port is open. */
  | { k: "welcome" }
  /** The answer to a heartbeat. */
  | { k: "pong" }
  /** Settles outbox item `id` as replied. */
  | { k: "res"; id: string }
  /**
   * Part of item `id`'s answer (a chunk of a streamed reply): the worker is
   * answering it, so its reply timer and its count of posts without an
   * answer start over, however long the whole answer takes.
   */
  | { k: "progress"; id: string }
  /** Settles item `id` as rejected; null: an error about no item in particular. */
  | { k: "err"; id: string | null }
  /** Anything else: only the listeners see it. */
  | { k: "event" }
