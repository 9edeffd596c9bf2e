/**
 * `mv3-port/plasmo`: makes `background/ports/<name>.ts` a server's port.
 *
 * Plasmo 0.90.5 writes its router (`.plasmo/static/background/messaging.ts`)
 * from the template in
 * https://github.com/PlasmoHQ/plasmo/blob/main/cli/plasmo/src/features/background-service-worker/bgsw-messaging.ts
 * (in node_modules/plasmo/dist/index.js, search `__plasmoInternalPortMap`).
 * For EVERY connecting port, of any name, it does
 *
 *   globalThis.__plasmoInternalPortMap.set(port.name, port)
 *   port.onMessage.addListener((request) => handler({ port, ...request }, …))
 *
 * so it spreads whatever arrives before any handler runs (a 10 MB string
 * becomes ten million keys; a `port` key replaces the real port), and its
 * name-keyed map keeps ports that are gone.
 *
 * With `onConnect`, `createPlasmoHandler` puts the server in front of the
 * router. The router module imports `background/ports/<name>.ts`, and ES
 * modules evaluate an import before the module that imports it, so the
 * listener registered here, when that file calls `createPlasmoHandler`,
 * runs before the router's for each port. For a port of the served name it
 * hands the port to `server.accept` (which reads it with its own admission),
 * then makes the port's `onMessage.addListener` a no-op: the router's
 * listener, added next in the same onConnect call, is never added, and the
 * router never sees that port's messages. On disconnect the port leaves
 * Plasmo's map, unless a newer port of its name replaced it there. (A port
 * the server closes itself fires no onDisconnect on this end: it stays in
 * the map until the next port of its name replaces it.)
 *
 * Without `onConnect` the handler reads the spread request instead: only
 * the fields our wire messages have (see `ToServer`), never the rest, and
 * ignores a call whose `port` is not a port. The router has spread by then.
 */
import type { PortServer, ServerSidePort } from "../server/port-server"

/** What Plasmo's router passes as the request: the port, and the message's fields spread. */
export type PlasmoPortRequest = { port?: unknown; [field: string]: unknown }

/** What `createPlasmoHandler` needs to serve its ports ahead of Plasmo's router. */
export interface PlasmoGuard {
  /** `chrome.runtime.onConnect`. */
  onConnect: { addListener(listener: (port: ServerSidePort) => void): void }
  /** The port's name: `<name>` of `background/ports/<name>.ts`. */
  name: string
}

function isPort(value: unknown): value is ServerSidePort {
  const port = value as ServerSidePort | null
  return (
    typeof port?.postMessage === "function" &&
    typeof port.onDisconnect?.addListener === "function"
  )
}

const ignore = () => {}

/**
 * The default export of `background/ports/<name>.ts`:
 * `export default createPlasmoHandler(server, { onConnect:
 * chrome.runtime.onConnect, name: "<name>" })`. Call it at the top level of
 * that file (see above). Do not also pass the server to
 * `chrome.runtime.onConnect` yourself.
 */
export function createPlasmoHandler(
  server: Pick<PortServer<never>, "accept" | "hear">,
  guard?: PlasmoGuard
): (request: PlasmoPortRequest) => void {
  if (guard) {
    guard.onConnect.addListener((port) => {
      if (port.name !== guard.name) return
      server.accept(port)
      port.onMessage.addListener = ignore
      port.onDisconnect.addListener(() => {
        const map = (
          globalThis as { __plasmoInternalPortMap?: Map<string, unknown> }
        ).__plasmoInternalPortMap
        if (map?.get(port.name) === port) map.delete(port.name)
      })
    })
    // The router never adds its listener to our ports: nothing comes here.
    return ignore
  }
  return (request) => {
    if (typeof request !== "object" || request === null) return
    const { port, k, id, name, input, data, next, upTo, m } = request
    if (!isPort(port)) return
    server.hear(port, { k, id, name, input, data, next, upTo, m })
  }
}
