import { createConversation, type Conversation } from "~background/conversation"
import { admitPort } from "~background/gate"
import { createPortHandler } from "~background/port-handler"
import { ViewRegistry } from "~background/registry"
import { ConversationStore } from "~background/store"
import type { ClientPort } from "~lib/connection-controller"

import { createPortPair, type FakePortEnd } from "./fake-port"
import { FakeSessionArea } from "./fake-storage"

/**
 * The real background code (gate, Plasmo-style router, handler, registry,
 * store) behind fake ports and a fake `chrome.storage.session`. `stopWorker()`
 * drops every port and starts over from storage, as a service-worker restart does.
 */
export class FakeBackground {
  readonly area = new FakeSessionArea()
  readonly logs: string[] = []
  /** Calls to the log (a burst's lines share calls). */
  logWrites = 0
  registry!: ViewRegistry<FakePortEnd>
  store!: ConversationStore
  conversation!: Conversation<FakePortEnd>
  /** Server ends of the ports connected in this worker's lifetime. */
  ports: FakePortEnd[] = []
  /** Client ends ever handed out. */
  readonly clients: FakePortEnd[] = []
  /** When false, connecting fails at once (the worker cannot start). */
  reachable = true
  restarts = 0

  constructor(readonly maxTextLength = 2000) {
    this.boot()
  }

  private boot(): void {
    this.registry = new ViewRegistry<FakePortEnd>()
    this.store = new ConversationStore(this.area, {
      maxEntries: 500,
      pruneSlack: 50
    })
    this.conversation = createConversation({
      registry: this.registry,
      store: this.store,
      maxTextLength: this.maxTextLength,
      log: (text) => {
        this.logWrites++
        this.logs.push(...text.split("\n"))
      }
    })
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
    admitPort(server, this.registry, this.conversation)
    // What Plasmo's generated router does with every message.
    const handler = createPortHandler(this.registry, this.conversation)
    server.onMessage.addListener((request) => {
      void handler({ port: server, ...(request as object) } as never, {
        send: () => {}
      })
    })
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
      .filter(([key]) => key.startsWith("log:e:"))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([, entry]) => (entry as { id: string }).id)
  }
}
