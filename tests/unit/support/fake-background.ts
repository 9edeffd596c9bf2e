import { createPlasmoHandler } from "mv3-port/plasmo"
import { createPortPair, FakeEvent, type FakePortEnd } from "mv3-port/testing"

import {
  createConversationServer,
  type ConversationServer,
  type ConversationServerDeps
} from "~background/conversation-server"
import { ConversationStore } from "~background/store"
import type { TabPorts } from "~background/tab-ports"
import { PORT_NAME, type LogEntry } from "~protocol"
import { ENTRY_PREFIX, LOG_LIMITS, storedEntries } from "~storage/layout"

import { FakeSessionArea } from "./fake-storage"

/** The tab rules a fake background runs with: every port a page, unless a test brings its own. */
export type FakeTabRules = ConversationServerDeps["tabs"]

/** What a test may set on a fake background beyond its limits. */
export type FakeBackgroundOptions = Partial<
  Pick<
    ConversationServerDeps,
    "streamChunkMs" | "hasher" | "now" | "workerStartedAt"
  >
> & {
  /** Injects the widget (absent: the worker cannot inject). */
  joinTab?: TabPorts["joinTab"]
  tabs?: FakeTabRules
}

const pagesOnly = (joinTab?: TabPorts["joinTab"]): FakeTabRules => ({
  admit: () => true,
  allow: () => true,
  left: () => {},
  joinTab
})

/**
 * What Plasmo's generated router does (node_modules/plasmo/dist/index.js,
 * `__plasmoInternalPortMap`): registered on onConnect after the port
 * handler, it keeps every port in a name-keyed map and spreads each
 * message it hears into its handler's request.
 */
export function installFakePlasmoRouter(
  onConnect: FakeEvent<(port: FakePortEnd) => void>,
  portMap: Map<string, unknown>,
  heard: unknown[]
): void {
  onConnect.addListener((port) => {
    portMap.set(port.name, port)
    port.onMessage.addListener((request) =>
      heard.push({ port, ...(request as object) })
    )
  })
}

/**
 * The real background code (the port handler ahead of a Plasmo-style
 * router, the conversation's server, the store) behind fake ports and a
 * fake `chrome.storage.session`. `stopWorker()` drops every port and starts
 * over from storage, as a service-worker restart does.
 */
export class FakeBackground {
  readonly area = new FakeSessionArea()
  readonly logs: string[] = []
  /** Calls to the log (a burst's lines share calls). */
  logWrites = 0
  /** What a handler or the store threw. */
  readonly errors: unknown[] = []
  store!: ConversationStore
  server!: ConversationServer
  /** Plasmo's name-keyed port map of this worker. */
  plasmoPortMap!: Map<string, unknown>
  /** What the fake router heard: nothing, when the handler keeps it off our ports. */
  routerHeard: unknown[] = []
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
    readonly options: FakeBackgroundOptions = {}
  ) {
    this.boot()
  }

  /** The views connected now that said hello. */
  get registry(): { readonly size: number } {
    return { size: this.server.server.peers().length }
  }

  private boot(): void {
    const { joinTab, tabs, ...rest } = this.options
    this.store = new ConversationStore(this.area, LOG_LIMITS)
    this.server = createConversationServer({
      store: this.store,
      maxTextLength: this.maxTextLength,
      maxFileBytes: this.maxFileBytes,
      tabs: tabs ?? pagesOnly(joinTab),
      onRefused: () => {},
      onError: (error) => this.errors.push(error),
      log: (text) => {
        this.logWrites++
        this.logs.push(...text.split("\n"))
      },
      ...rest
    })
    this.onConnect = new FakeEvent()
    this.plasmoPortMap = new Map()
    this.routerHeard = []
    createPlasmoHandler(this.server.server, {
      onConnect: this.onConnect,
      name: PORT_NAME
    })
    installFakePlasmoRouter(
      this.onConnect,
      this.plasmoPortMap,
      this.routerHeard
    )
    this.ports = []
  }

  /** Opens a port as `chrome.runtime.connect` would; `sender` as Chrome sets it. */
  connect = (sender?: object): FakePortEnd => {
    const { client, server } = createPortPair(PORT_NAME)
    if (sender) Object.assign(server, { sender })
    this.clients.push(client)
    if (!this.reachable) {
      server.disconnect()
      return client
    }
    this.ports.push(server)
    this.onConnect.emit(server)
    return client
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
