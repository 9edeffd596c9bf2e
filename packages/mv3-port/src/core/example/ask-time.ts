/**
 * The session README's example, compiled and tested
 * (ask-time.test.ts): another extension's view asks its
 * background for the time over one persistent port. Plain chrome.runtime,
 * no Plasmo, no React.
 */
import { createSessionClient, type ClientPort } from ".."
import { createSessionServer, type ServerPort } from "../server"

type ToWorker =
  { type: "hello" } | { type: "ping" } | { type: "ask"; id: string; q: string }
type ToView =
  | { type: "welcome" }
  | { type: "pong" }
  | { type: "answer"; id: string; a: string }
type Bad = { ok: false; id: string | null }

/** A view's client: queued while (re)connecting, re-sent under the same id. */
export function askClient(openPort: () => ClientPort<ToWorker>) {
  return createSessionClient<ToWorker, ToView, string>({
    protocol: {
      hello: () => ({ type: "hello" }),
      ping: () => ({ type: "ping" }),
      request: (id, q) => ({ type: "ask", id, q }),
      parse: (raw) => (isToView(raw) ? raw : null),
      classify: (m) =>
        m.type === "answer" ? { k: "res", id: m.id } : { k: m.type }
    },
    openPort,
    newId: () => crypto.randomUUID(),
    heartbeatMs: 20_000,
    reconnect: { maxAttempts: 8, baseMs: 100, maxMs: 4000 },
    replyTimeoutMs: 15_000,
    maxSendAttempts: 3,
    maxQueued: 200
  })
}

/** The background's server: every message handled once, in order. */
export function askServer<P extends ServerPort<ToView>>(now: () => string) {
  const server = createSessionServer<P, ToWorker, ToView, true, Bad>({
    unwrap: (raw) => ({ ok: true, value: raw }),
    parse: (body) =>
      isToWorker(body) ? { ok: true, value: body } : { ok: false, id: null },
    handle(peer, m) {
      if (m.type === "hello") server.identify(peer, true)
      server.post(
        peer,
        m.type === "hello"
          ? { type: "welcome" }
          : m.type === "ping"
            ? { type: "pong" }
            : { type: "answer", id: m.id, a: now() }
      )
    },
    reject: () => {},
    failed: (peer, error) => console.error("ask failed", peer.meta, error)
  })
  return server
}

function isToView(raw: unknown): raw is ToView {
  const m = raw as ToView | null
  return m?.type === "welcome" || m?.type === "pong" || m?.type === "answer"
}

function isToWorker(raw: unknown): raw is ToWorker {
  const m = raw as ToWorker | null
  return m?.type === "hello" || m?.type === "ping" || m?.type === "ask"
}
