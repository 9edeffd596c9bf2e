import { createPortPair, type FakePortEnd } from "./fake-port"

/** What a fake worker's start-up gives: something that serves a port. */
export interface FakeWorkerServer {
  accept(port: FakePortEnd): void
}

/**
 * A simulated MV3 service worker. `start` is the worker's top-level code:
 * it runs again after every `stop()`, on the next `connect()`, as Chrome
 * starts a stopped worker for the next port, so whatever it keeps in
 * memory is lost and only what it keeps in storage survives.
 * https://developer.chrome.com/docs/extensions/develop/concepts/service-workers/lifecycle
 */
export function createFakeWorker(start: () => FakeWorkerServer, name = "port") {
  let server: FakeWorkerServer | null = null
  let ends: FakePortEnd[] = []
  let starts = 0

  return {
    /** A view's `chrome.runtime.connect({ name })`: the view's end of a fresh port. */
    connect(): FakePortEnd {
      if (!server) {
        server = start()
        starts++
      }
      const pair = createPortPair(name)
      ends.push(pair.server)
      server.accept(pair.server)
      return pair.client
    },
    /** Chrome stops the worker: every port drops, and its memory is gone. */
    stop(): void {
      for (const end of ends) end.disconnect()
      ends = []
      server = null
    },
    /** Drops the ports but keeps the worker running (a view's port lost alone). */
    dropPorts(): void {
      for (const end of ends) end.disconnect()
      ends = []
    },
    /** How many times the worker started. */
    get starts(): number {
      return starts
    }
  }
}

/** The worker `createFakeWorker` returns. */
export type FakeWorker = ReturnType<typeof createFakeWorker>
