import type { FakePortEnd } from "mv3-port/testing"

import type { ServerMessage } from "~protocol"

import type { FakeBackground } from "./fake-background"

/**
 * A view's raw port to the fake background, hello posted: what it got, a
 * way to post bodies in Plasmo's envelope, and its messages of one type.
 * The caller waits for the welcome its own way (fake or real timers).
 */
export function rawView(
  background: FakeBackground,
  clientId: string,
  kind: "popup" | "sidepanel" = "popup"
) {
  const port = background.connect() as unknown as FakePortEnd
  const got: ServerMessage[] = []
  port.onMessage.addListener((m) => got.push(m as ServerMessage))
  const post = (body: object) =>
    port.postMessage({ name: "popup-connection", body })
  post({ type: "hello", clientId, kind })
  const of = <T extends ServerMessage["type"]>(type: T) =>
    got.filter((m) => m.type === type) as Extract<ServerMessage, { type: T }>[]
  return { port, got, post, of }
}
