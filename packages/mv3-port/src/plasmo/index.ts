/**
 * `mv3-port/plasmo`: makes `background/ports/<name>.ts` a server's port.
 * Plasmo's generated router (cli/plasmo/src/features/background-service-worker/bgsw-messaging.ts,
 * https://github.com/PlasmoHQ/plasmo) calls that file's default export as
 * `handler({ port, ...message }, res)` for every message of a port named
 * `<name>`. It spreads whatever arrived: a string becomes one key per
 * character, and a `port` key replaces the real port. So the handler reads
 * back only the fields our wire messages have (see `ToServer`), never walks
 * the rest, and ignores a call whose `port` is not a port.
 */
import type { PortServer, ServerSidePort } from "../server/port-server"

/** What Plasmo's router passes as the request: the port, and the message's fields spread. */
export type PlasmoPortRequest = { port?: unknown; [field: string]: unknown }

function isPort(value: unknown): value is ServerSidePort {
  const port = value as ServerSidePort | null
  return (
    typeof port?.postMessage === "function" &&
    typeof port.onDisconnect?.addListener === "function"
  )
}

/**
 * The default export of `background/ports/<name>.ts`:
 * `export default createPlasmoHandler(server)`. Do not also pass the
 * server to `chrome.runtime.onConnect`: the router already listens.
 */
export function createPlasmoHandler(
  server: Pick<PortServer<never>, "hear">
): (request: PlasmoPortRequest) => void {
  return (request) => {
    if (typeof request !== "object" || request === null) return
    const { port, k, id, name, input, data, next, upTo, m } = request
    if (!isPort(port)) return
    server.hear(port, { k, id, name, input, data, next, upTo, m })
  }
}
