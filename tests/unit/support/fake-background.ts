import type { ClientPort as SessionPort } from "mv3-port/core"
import { createPortPair, FakeEvent, type FakePortEnd } from "mv3-port/testing"

import {
  createConversationServer,
  type ConversationServer,
  type ConversationServerDeps
} from "~background/conversation-server"
import {
  createPlasmoPortHandler,
  installPlasmoPortAdapter
} from "~background/plasmo-port-adapter"
import { ConversationStore } from "~background/store"
import {
  PORT_NAME,
  type ClientMessage,
  type Envelope,
  type LogEntry
} from "~protocol"
import { ENTRY_PREFIX, LOG_LIMITS, storedEntries } from "~storage/layout"

import { FakeSessionArea } from "./fake-storage"

/** A view's end of the port, as the conversation client sees it. */
type ClientPort = SessionPort<Envelope<ClientMessage>>

/**
 * What Plasmo's generated router does (node_modules/plasmo/dist/index.js,
 * `__plasmoInternalPortMap`): registered on onConnect after the adapter, it
 * keeps every port in a name-keyed map and calls the handler with
 * `{ port, ...request }` for each message.
 */
export function installFakePlasmoRouter(
  onConnect: FakeEvent<(port: FakePortEnd) => void>,
  portMap: Map<string, unknown>,
  handler: ReturnType<typeof createPlasmoPortHandler>
): void {
  onConnect.addListener((port) => {
    portMap.set(port.name, port)
    port.onMessage.addListener((request) => {
      if (port.name !== PORT_NAME) return
      void handler({ port, ...(request as object) } as never, {
        send: (p: unknown) => port.postMessage(p)
      })
    })
  })
}

/**
 * The real background code (adapter, Plasmo-style router, handler, session
 * server, conversation, store) behind fake ports and a fake
 * `chrome.storage.session`. `stopWorker()` drops every port and starts over
 * from storage, as a service-worker restart does.
 */
export class FakeBackground {
  readonly area = new FakeSessionArea()
  readonly logs: string[] = []
  /** Calls to the log (a burst's lines share calls). */
  logWrites = 0
  store!: ConversationStore
  server!: ConversationServer<FakePortEnd>
  /** Plasmo's name-keyed port map of this worker. */
  plasmoPortMap!: Map<string, unknown>
  private onConnect!: FakeEvent<(port: FakePortEnd) => void>
  /** Server ends of the ports connected in this worker's lifetime. */
  ports: FakePortEnd[] = []
  /** Client ends ever handed out. */
  readonly clients: FakePortEnd[] = []
  /** When false, connecting fails at once (the worker cannot start). */
  reachable = true
  restarts = 0

  constructor(
    readonly maxTextLength = 2000,
    readonly maxFileBytes = 100_000_000,
    /** The tab rules or the stream pace, when a test needs them. */
    readonly tabDeps: Pick<
      ConversationServerDeps,
      "joinTab" | "streamChunkMs"
    > = {}
  ) {
    this.boot()
  }

  /** The ports the server holds right now (admitted, hello or not). */
  get registry(): { readonly size: number } {
    return { size: [...this.server.peers()].length }
  }

  private boot(): void {
    this.store = new ConversationStore(this.area, LOG_LIMITS)
    this.server = createConversationServer<FakePortEnd>({
      store: this.store,
      maxTextLength: this.maxTextLength,
      area: this.area,
      maxFileBytes: this.maxFileBytes,
      ...this.tabDeps,
      log: (text) => {
        this.logWrites++
        this.logs.push(...text.split("\n"))
      }
    })
    this.onConnect = new FakeEvent()
    this.plasmoPortMap = new Map()
    installPlasmoPortAdapter<FakePortEnd>({
      onConnect: this.onConnect,
      portName: PORT_NAME,
      server: this.server,
      isTrusted: () => true,
      onRefused: () => {},
      devRuntimePrefix: null,
      portMap: () => this.plasmoPortMap
    })
    const handler = createPlasmoPortHandler(this.server, () => {})
    installFakePlasmoRouter(this.onConnect, this.plasmoPortMap, handler)
    this.ports = []
  }

  /** Opens a port as `chrome.runtime.connect` would. */
  connect = (): ClientPort => {
    const { client, server } = createPortPair()
    this.clients.push(client)
    if (!this.reachable) {
      server.disconnect()
      return client as unknown as ClientPort
    }
    this.ports.push(server)
    this.onConnect.emit(server)
    return client as unknown as ClientPort
  }

  /** Stops the worker: every port drops, in-memory state is gone. */
  stopWorker(): void {
    for (const port of this.ports) port.disconnect()
    this.restarts++
    this.boot()
  }

  /** Ids the background processed, in order (from storage, as it survives). */
  async processedIds(): Promise<string[]> {
    const items = await this.area.get()
    return Object.entries(items)
      .filter(([key]) => key.startsWith(ENTRY_PREFIX))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([, entry]) => (entry as { id: string }).id)
  }

  /** The log entries as stored, in seq order. */
  async storedLog(): Promise<LogEntry[]> {
    return storedEntries(await this.area.get())
  }
}
