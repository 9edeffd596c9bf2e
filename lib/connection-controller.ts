/**
 * Type names that tests/unit/support/fake-background.ts and
 * tests/unit/conversation-log.test.tsx import from this path, which their
 * owners have not moved yet. The controller itself is replaced by the
 * session client (session/) and lib/conversation-client.ts; delete this file
 * once nothing imports it.
 */
import type { ClientPort as SessionPort } from "~session"

import type { Wire } from "./conversation-protocol"

/** A view's end of the `popup-connection` port. */
export type ClientPort = SessionPort<Wire>

export type { Delivery } from "./delivery-cache"
