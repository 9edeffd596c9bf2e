import type { ClientPort, SessionClientOptions } from "mv3-port/core"

import type { ViewKind } from "~protocol"
import type { Wire } from "~views/conversation-protocol"

/** What every unit test builds a client from: the session's options and the app's. */
export type TestClientOptions<Out> = Omit<
  SessionClientOptions<Out, unknown, unknown>,
  "protocol" | "onItem" | "keepReplied"
> & {
  kind: ViewKind
  clientId: string
  maxMessageLength: number
  maxFileBytes: number
}

/**
 * The one options builder of the unit tests: small limits and short timings
 * so fake timers reach every state quickly; ids are m1, m2, ... in order.
 */
export function clientOptions<Out = Wire>(
  openPort: () => ClientPort<Out>,
  overrides: Partial<TestClientOptions<Out>> = {}
): TestClientOptions<Out> {
  let ids = 0
  return {
    kind: "popup",
    clientId: "client-1",
    maxMessageLength: 20,
    maxFileBytes: 10_000,
    openPort,
    closePort: (port) => port.disconnect(),
    contextValid: () => true,
    lastError: () => undefined,
    now: () => Date.now(),
    newId: () => `m${++ids}`,
    heartbeatMs: 1000,
    reconnect: { maxAttempts: 4, baseMs: 100, maxMs: 400 },
    maxQueued: 5,
    maxSendAttempts: 3,
    replyTimeoutMs: 5000,
    ...overrides
  }
}
