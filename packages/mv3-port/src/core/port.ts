/**
 * The part of a `chrome.runtime.Port` the session client uses. Keeping it
 * this small lets tests drive the client with a hand-written fake port, and
 * keeps the client independent of `chrome.*` and of any messaging library.
 */

/** An event of a port: Chrome's `chrome.events.Event` reduced to what we call. */
export interface PortEvent<L> {
  addListener(listener: L): void
  removeListener(listener: L): void
}

/**
 * One end of a two-way port, as a view holds it. `Out` is what the client
 * posts (the app's wire form); what arrives is `unknown` until the app's
 * parser has checked it.
 */
export interface ClientPort<Out = unknown> {
  /** Throws once the port is disconnected (Chrome: "Attempting to use a disconnected port object"). */
  postMessage(message: Out): void
  /**
   * Closes the port; Chrome fires no onDisconnect on the end that calls it.
   * https://developer.chrome.com/docs/extensions/develop/concepts/messaging#port-lifetime
   */
  disconnect(): void
  onMessage: PortEvent<(message: unknown) => void>
  onDisconnect: PortEvent<() => void>
}
