/**
 * The one module that knows Plasmo's generated port router. Plasmo 0.90.5
 * writes `.plasmo/static/background/messaging.ts` from the template in
 * https://github.com/PlasmoHQ/plasmo/blob/main/cli/plasmo/src/features/background-service-worker/bgsw-messaging.ts
 * (in node_modules/plasmo/dist/index.js, search `__plasmoInternalPortMap`).
 * For EVERY connecting port, of any name and any sender, that router does
 *
 *   globalThis.__plasmoInternalPortMap.set(port.name, port)
 *   port.onMessage.addListener((request) => handler({ port, ...request }, { send }))
 *
 * It never reports a disconnect, spreads whatever arrives over its request
 * (a 10 MB string becomes ten million keys; a `port` key replaces the real
 * port) and keeps dead ports in its name-keyed map. This adapter puts the
 * session server in front of it:
 *
 * - Our onConnect listener must run before the router's for each port. The
 *   router module imports the handler module (`background/ports/popup-connection.ts`),
 *   and ES modules evaluate an import before the module that imports it, so
 *   installing from the handler module registers our listener first, once.
 * - It refuses unknown names and other senders, and admits the rest; a
 *   sender that needs an asynchronous check (a tab's content script, whose
 *   record is in storage) has its messages held, in order, until the verdict.
 * - The router's listener on an admitted port only ever sees envelopes that
 *   passed the server's envelope check; the server answers the others.
 * - Plasmo's map never keeps a port that is refused or gone.
 */
import type { PlasmoMessaging } from "@plasmohq/messaging"

import type { RefusalReason } from "./refused-senders"
import type { SenderInfo } from "./trust"

type MessageListener = (message: unknown, port: never) => void

/** What a gate decides on a port. */
export type Admission =
  { admit: true } | { admit: false; reason: RefusalReason }

/** Where an admitted (or held) port stands. */
type Phase =
  | { tag: "held"; messages: Array<[unknown, never]> }
  | { tag: "open" }
  | { tag: "closed" }

/** The parts of `chrome.runtime.Port` the adapter wires up (fakes implement them in tests). */
export interface AdapterPort {
  readonly name: string
  readonly sender?: SenderInfo
  disconnect(): void
  onMessage: { addListener(listener: MessageListener): void }
  onDisconnect: { addListener(listener: () => void): void }
}

/** What the adapter needs of the session server. */
export interface AdaptedServer<P> {
  admit(port: P): unknown
  screen(port: P, raw: unknown): boolean
  deliver(port: P, body: unknown): boolean
  leave(port: P): void
}

/** What `installPlasmoPortAdapter` wires together. */
export interface PlasmoPortAdapterOptions<P extends AdapterPort> {
  /** `chrome.runtime.onConnect` (a fake in tests). */
  onConnect: { addListener(listener: (port: P) => void): void }
  /** The one port name we serve. */
  portName: string
  server: AdaptedServer<P>
  /** True for a sender that may connect (this extension's own pages). */
  isTrusted(sender: SenderInfo | undefined): boolean
  /** The verdict on a port `isTrusted` refuses (absent: refused at once). */
  gateOther?(port: P): Promise<Admission>
  /** Before each message of an admitted port: pass it on, drop it (the caller answered) or close the port. */
  meter?(port: P, raw: unknown): "pass" | "drop" | "close"
  /** An admitted port is gone (after the server heard of it). */
  onLeft?(port: P): void
  onRefused(sender: SenderInfo | undefined, reason: RefusalReason): void
  /**
   * The name prefix of Plasmo's own live-reload ports in a `plasmo dev`
   * build, which are let through; null in production builds.
   */
  devRuntimePrefix: string | null
  /** Plasmo's name-keyed port map; it exists once the router module has run. */
  portMap?: () => Map<string, unknown> | undefined
}

const plasmoPortMap = () =>
  (globalThis as { __plasmoInternalPortMap?: Map<string, unknown> })
    .__plasmoInternalPortMap

/**
 * Installs our onConnect listener. Call it once, from the Plasmo handler
 * module, so it runs before the router registers its own (see above).
 */
export function installPlasmoPortAdapter<P extends AdapterPort>(
  options: PlasmoPortAdapterOptions<P>
): void {
  const { server, portName } = options
  const portMap = options.portMap ?? plasmoPortMap

  /** Drops `port` from Plasmo's map, unless a newer port of its name replaced it. */
  function forget(port: P): void {
    const map = portMap()
    if (map?.get(port.name) === port) map.delete(port.name)
  }

  /**
   * Routes what the router adds to `port.onMessage` through `through`. The
   * router adds its listener right after it put the port in its map, in the
   * same onConnect call, so this is also the moment to take it back out.
   */
  function interceptRouter(
    port: P,
    through: (listener: MessageListener) => void
  ) {
    port.onMessage.addListener = through
  }

  function refuse(port: P, reason: RefusalReason): void {
    options.onRefused(port.sender, reason)
    port.disconnect()
    interceptRouter(port, () => forget(port))
  }

  /**
   * In `plasmo dev` builds every page opens a port of Plasmo's own
   * (`__plasmo_runtime_page_<id>__`) and reloads itself whenever that port
   * drops, so refusing it sends the popup into a reload loop. Production
   * builds have no such port and refuse the name like any other.
   */
  const { devRuntimePrefix } = options
  const isDevRuntimePort = (port: P) =>
    devRuntimePrefix !== null &&
    port.name.startsWith(devRuntimePrefix) &&
    options.isTrusted(port.sender)

  /**
   * Admits `port` now, or holds what it sends until `verdict` admits it
   * (replaying it in order) or refuses it. Nothing it sends before the
   * verdict reaches the server.
   */
  function admit(port: P, verdict?: Promise<Admission>): void {
    let phase: Phase = verdict ? { tag: "held", messages: [] } : { tag: "open" }
    if (!verdict) server.admit(port)
    // One listener of ours screens each message once, then hands the good
    // ones to every listener the router added.
    const routed: MessageListener[] = []
    const pass: MessageListener = (message, sender) => {
      const metered = options.meter?.(port, message) ?? "pass"
      if (metered === "close") {
        // Our own disconnect() fires no onDisconnect here: leave by hand.
        port.disconnect()
        return leave()
      }
      if (metered === "drop" || !server.screen(port, message)) return
      for (const listener of routed) listener(message, sender)
    }
    port.onMessage.addListener((message, sender) => {
      if (phase.tag === "held") phase.messages.push([message, sender])
      else if (phase.tag === "open") pass(message, sender)
    })
    interceptRouter(port, (listener) => routed.push(listener))
    function leave(): void {
      if (phase.tag === "closed") return
      if (phase.tag === "open") server.leave(port)
      phase = { tag: "closed" }
      options.onLeft?.(port)
      forget(port)
    }
    port.onDisconnect.addListener(leave)
    void verdict?.then(
      (admission) => {
        if (phase.tag !== "held") {
          // Gone while judged: an admission would hold its tab forever.
          if (admission.admit) options.onLeft?.(port)
          return
        }
        const { messages } = phase
        if (!admission.admit) return refuseHeld(admission.reason)
        server.admit(port)
        phase = { tag: "open" }
        for (const [message, sender] of messages) {
          if (phase.tag === "open") pass(message, sender)
        }
      },
      () => {
        if (phase.tag === "held") refuseHeld("untrusted")
      }
    )
    /** Refuses a held port: the router already put it in Plasmo's map. */
    function refuseHeld(reason: RefusalReason): void {
      phase = { tag: "closed" }
      refuse(port, reason)
      forget(port)
    }
  }

  options.onConnect.addListener((port) => {
    if (isDevRuntimePort(port)) return
    if (port.name !== portName) return refuse(port, "unknown-name")
    if (options.isTrusted(port.sender)) return admit(port)
    if (!options.gateOther) return refuse(port, "untrusted")
    admit(port, options.gateOther(port))
  })
}

/**
 * The handler Plasmo calls for each message on an admitted port: hands the
 * body (its envelope already checked) to the server. `onStray` hears of a
 * request from a port the server never admitted, which the adapter rules out.
 */
export function createPlasmoPortHandler<P>(
  server: Pick<AdaptedServer<P>, "deliver">,
  onStray: () => void
): PlasmoMessaging.PortHandler {
  return (req) => {
    if (!server.deliver(req.port as unknown as P, req.body)) onStray()
  }
}
