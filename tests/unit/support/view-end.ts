import { flushPorts, type FakePortEnd } from "mv3-port/testing"

import type { FakeBackground } from "./fake-background"

/** A view's end of a port on a FakeBackground: posts envelopes, collects what comes back. */
export function view(background: FakeBackground) {
  const port = background.connect() as unknown as FakePortEnd
  const received: Array<Record<string, unknown>> = []
  port.onMessage.addListener((message) =>
    received.push(message as Record<string, unknown>)
  )
  return {
    port,
    received,
    post: (body: unknown) =>
      port.postMessage({ name: "popup-connection", body }),
    raw: (message: unknown) => port.postMessage(message),
    ofType: (type: string) => received.filter((m) => m.type === type)
  }
}

export async function hello(
  background: FakeBackground,
  clientId: string,
  kind = "popup"
) {
  const v = view(background)
  v.post({ type: "hello", clientId, kind })
  await flushPorts()
  return v
}
