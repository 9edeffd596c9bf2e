/**
 * The worker serves one port name. A port of any other name (a look-alike
 * of ours, or anything a page's script makes up) is refused: disconnected,
 * logged once per sender, and kept away from Plasmo's generated router,
 * which would otherwise spread its messages and keep it in its port map.
 */
import type { OnRefused } from "./refused-senders"
import type { SenderInfo } from "./trust"

/** A connecting port, as far as its name's check needs. */
export interface NamedPort {
  readonly name: string
  readonly sender?: SenderInfo
  disconnect(): void
  onMessage: { addListener(...listener: never[]): void }
}

/** What `refuseOtherPortNames` needs. */
export interface PortNamesOptions<P extends NamedPort> {
  /** `chrome.runtime.onConnect`. */
  onConnect: { addListener(listener: (port: P) => void): void }
  /** The one name served. */
  served: string
  /** True for a sender that is one of this extension's own pages. */
  isOwnPage(sender: SenderInfo | undefined): boolean
  /**
   * The name prefix of Plasmo's own live-reload ports in a `plasmo dev`
   * build, let through for our pages (refusing them sends a page into a
   * reload loop); null in production builds.
   */
  devRuntimePrefix: string | null
  onRefused: OnRefused
}

const plasmoPortMap = () =>
  (globalThis as { __plasmoInternalPortMap?: Map<string, unknown> })
    .__plasmoInternalPortMap

/** Refuses every port whose name is not `served` (but Plasmo's dev runtime's). */
export function refuseOtherPortNames<P extends NamedPort>(
  options: PortNamesOptions<P>
): void {
  const { devRuntimePrefix } = options
  const forget = (port: P) => {
    const map = plasmoPortMap()
    if (map?.get(port.name) === port) map.delete(port.name)
  }
  options.onConnect.addListener((port) => {
    if (port.name === options.served) return
    if (
      devRuntimePrefix !== null &&
      port.name.startsWith(devRuntimePrefix) &&
      options.isOwnPage(port.sender)
    ) {
      return
    }
    options.onRefused(port.sender, "unknown-name")
    port.disconnect()
    // The router adds its listener right after it put the port in its map,
    // in the same onConnect call: its listener is never added, and the
    // port leaves the map (if the router ran first, it leaves it now).
    port.onMessage.addListener = () => forget(port)
    forget(port)
  })
}
