import type { RateLimitOptions } from "~background/rate-limit"
import { createTabPorts } from "~background/tab-ports"
import type { SenderInfo } from "~background/trust"

import { FakeBackground, type FakeBackgroundOptions } from "./fake-background"
import { FakeSessionArea } from "./fake-storage"
import type { view } from "./view-end"

export const ID = "ljoioadnjpbeboikmkhnfnekfkfhifif"
/** A rate no test meets but by design: set what a test is about. */
export const ROOMY = {
  burst: 20,
  perSecond: 1,
  burstBytes: 1_000_000,
  bytesPerSecond: 1,
  floodAfter: 20
}

/** This extension's popup page. */
export const POPUP: SenderInfo = {
  id: ID,
  origin: `chrome-extension://${ID}`,
  url: `chrome-extension://${ID}/popup.html`
}
/** Our content script in tab 7's top frame. */
export const TAB: SenderInfo = {
  id: ID,
  origin: "https://example.test",
  url: "https://example.test/",
  tab: { id: 7 },
  frameId: 0,
  documentId: "doc-1"
}

/**
 * A fake background whose tab rules are the real ones; by default a tab
 * may send its hello and two messages, with bytes to spare.
 */
export function tabBackground(
  rate: Partial<RateLimitOptions> = {},
  options: FakeBackgroundOptions = {}
) {
  const warnings: string[] = []
  const injected: number[] = []
  const tabs = createTabPorts({
    area: new FakeSessionArea(),
    extensionId: ID,
    injectWidget: async (tabId) => {
      injected.push(tabId)
      return { documentId: "doc-1" }
    },
    rate: { ...ROOMY, burst: 3, floodAfter: 3, ...rate },
    now: () => 0,
    warn: (text) => void warnings.push(text)
  })
  const refused: string[] = []
  const background = new FakeBackground(2000, 100_000_000, {
    tabs: {
      ...tabs,
      admit: (port, onRefused) =>
        tabs.admit(port, (sender, reason) => {
          refused.push(reason)
          onRefused(sender, reason)
        })
    },
    joinTab: tabs.joinTab,
    ...options
  })
  /** The app ids of what a view was answered. */
  const answered = (v: ReturnType<typeof view>) =>
    v.ofKind("res").map((m) => (m.output as { id?: string }).id)
  const send = (v: ReturnType<typeof view>, n: number) =>
    v.request("send", { id: `m${n}`, text: `message ${n}` })
  return { background, tabs, warnings, refused, injected, answered, send }
}
