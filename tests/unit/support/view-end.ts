import { createStreamClient } from "mv3-port/streams"
import { flushPorts, type FakePortEnd } from "mv3-port/testing"

import { conversation } from "~protocol/conversation"

import type { FakeBackground } from "./fake-background"

type Received = Record<string, unknown>

/** Views made so far: each names its requests apart, as the package's random prefix does. */
let views = 0

/**
 * A view's raw end of a port on a FakeBackground: posts the package's
 * wire as it is, collects what comes back.
 */
export function view(background: FakeBackground, sender?: object) {
  const port = background.connect(sender)
  const received: Received[] = []
  port.onMessage.addListener((message) => received.push(message as Received))
  const prefix = `v${++views}`
  let requests = 0
  return {
    port,
    received,
    raw: (message: unknown) => port.postMessage(message),
    /** Posts request `name`; its package id. */
    request(
      name: string,
      input: unknown,
      id = `${prefix}-r${++requests}`
    ): string {
      port.postMessage({ k: "req", id, name, input })
      return id
    },
    /** What came back of kind `k` (`res`, `err`, `welcome`, …). */
    ofKind: (k: string) => received.filter((m) => m.k === k),
    /** The data of the events named `name` that came back. */
    events: (name: string) =>
      received
        .filter((m) => m.k === "event" && m.name === name)
        .map((m) => m.data),
    /** What came back, as `k` or an event's name: the order of things. */
    kinds: () =>
      received.map((m) => (m.k === "event" ? String(m.name) : String(m.k)))
  }
}

/** A raw view that said hello as `kind`, once its welcome came. */
export async function hello(
  background: FakeBackground,
  clientId: string,
  kind = "popup",
  sender?: object
) {
  const v = view(background, sender)
  v.raw({ k: "hello", data: { clientId, kind } })
  await flushPorts(50)
  return v
}

/** The package's client as a view of `kind` on a FakeBackground. */
export function client(
  background: FakeBackground,
  clientId: string,
  kind: "popup" | "sidepanel" | "devtools" = "popup"
) {
  return createStreamClient(conversation, {
    connect: () => background.connect() as FakePortEnd,
    hello: { clientId, kind }
  })
}
