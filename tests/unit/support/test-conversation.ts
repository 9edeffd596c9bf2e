import type { PortClientOptions } from "mv3-port"
import { createStreamClient } from "mv3-port/streams"
import { flushPorts } from "mv3-port/testing"

import { config } from "~config"
import type { ViewKind } from "~protocol"
import { conversation } from "~protocol/conversation"
import { entryKey, SEQ_KEY } from "~storage/layout"
import * as chromeConversation from "~views/chrome-conversation"
import { createConversation } from "~views/conversation"
import type { ViewClient } from "~views/conversation-types"

import {
  createConversationWorker,
  type ConversationWorker,
  type ConversationWorkerOptions
} from "./conversation-worker"
import { FakeSync } from "./fake-settings"

/** The client's timings in the unit tests: short, so fake timers reach every state quickly. */
export const TEST_TIMINGS = {
  heartbeatMs: 1000,
  maxAttempts: 4,
  baseDelayMs: 100,
  maxDelayMs: 400,
  maxQueued: 5,
  maxSendAttempts: 3,
  replyTimeoutMs: 5000
}

/** A view's client on `worker`, disconnected until `connect()`. */
export function testClient(
  worker: ConversationWorker,
  self: { clientId: string; kind: ViewKind },
  overrides: Partial<PortClientOptions> = {}
): ViewClient {
  return createStreamClient(conversation, {
    connect: () => worker.connect() as never,
    hello: self,
    lazy: true,
    ...TEST_TIMINGS,
    ...overrides
  })
}

/** A view's conversation on `worker` (a fresh one by default), with small limits. */
export function testConversation({
  kind = "popup" as ViewKind,
  clientId = `${kind}-1`,
  worker = createConversationWorker(),
  client = {}
}: {
  kind?: ViewKind
  clientId?: string
  worker?: ConversationWorker
  /** The client's options that differ from TEST_TIMINGS. */
  client?: Partial<PortClientOptions>
} = {}) {
  const self = { clientId, kind }
  const model = createConversation(testClient(worker, self, client), self, {
    maxMessageLength: 20,
    maxFileBytes: 10_000
  })
  return { model, worker, self }
}

/** A factory for components' `create` seam, on one shared worker. */
export function testCreate(
  options: ConversationWorkerOptions = {},
  worker = createConversationWorker(options),
  client: Partial<PortClientOptions> = {}
) {
  let views = 0
  const create = (kind: ViewKind) =>
    testConversation({ kind, clientId: `${kind}-${++views}`, worker, client })
      .model
  return { create, worker }
}

/**
 * Puts `worker` where a real view finds the background: behind
 * `chrome.runtime.connect` (`connect`, the worker's own by default), its
 * log in `chrome.storage.session` and the settings on `sync`; and sets the
 * build's limits and timings to the unit tests' small ones (`overrides`
 * beside them). Returns the conversations the views made, oldest first.
 */
export function chromeViews(
  worker: ConversationWorker,
  {
    connect = worker.connect,
    sync = new FakeSync(),
    overrides = {}
  }: {
    connect?: () => unknown
    sync?: FakeSync
    overrides?: Partial<typeof config>
  } = {}
) {
  Object.assign(config, {
    heartbeatMs: 20_000,
    reconnectMaxAttempts: 2,
    reconnectBaseMs: TEST_TIMINGS.baseDelayMs,
    reconnectMaxMs: TEST_TIMINGS.maxDelayMs,
    maxQueuedMessages: TEST_TIMINGS.maxQueued,
    maxSendAttempts: TEST_TIMINGS.maxSendAttempts,
    replyTimeoutMs: TEST_TIMINGS.replyTimeoutMs,
    maxMessageLength: 20,
    maxFileBytes: 10_000,
    ...overrides
  })
  const session = {
    async get(keys: string[]) {
      const items: Record<string, unknown> = {
        [SEQ_KEY]: worker.log.at(-1)?.seq ?? 0
      }
      for (const entry of worker.log) items[entryKey(entry.seq)] = { ...entry }
      return Object.fromEntries(
        keys.filter((key) => key in items).map((key) => [key, items[key]])
      )
    }
  }
  globalThis.chrome = {
    runtime: { id: "extension-id", connect },
    storage: { session, sync }
  } as unknown as typeof chrome
  const made = jest.spyOn(chromeConversation, "createChromeConversation")
  return {
    get views() {
      return made.mock.results.map((result) => result.value)
    }
  }
}

/** Lets port deliveries and timers of `ms` run (fake timers). */
export async function settle(ms = 0): Promise<void> {
  await flushPorts(20)
  if (ms > 0) {
    await jest.advanceTimersByTimeAsync(ms)
    await flushPorts(20)
  }
}

export { createConversationWorker, type ConversationWorker }
