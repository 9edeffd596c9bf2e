/**
 * Everything the background does about tabs, as plain functions of its
 * dependencies: it injects the widget on a view's `join-tab`, judges the
 * ports of tabs (tab-gate.ts), meters what each tab sends (rate-limit.ts)
 * and lets a page and a tab's port each say hello only as what they are.
 */
import { requestIdOf, type ServerMessage } from "~protocol"
import { isDict, own } from "~protocol/schema"
import type { SessionArea } from "~storage/layout"

import type { Admission } from "./plasmo-port-adapter"
import { createRateLimit, type RateLimitOptions } from "./rate-limit"
import { TabGate } from "./tab-gate"
import { isOwnExtensionPage, type SenderInfo } from "./trust"

/** A port as the tab rules see it. */
export interface TabPort {
  readonly sender?: SenderInfo
  postMessage(message: ServerMessage): void
}

/** What `createTabPorts` is built on (Chrome's APIs, or fakes). */
export interface TabPortsDeps {
  area: SessionArea
  extensionId: string
  /** Injects the widget's script into tab `tabId`'s top frame; the document it ran in. */
  injectWidget(tabId: number): Promise<{ documentId?: string } | undefined>
  rate: Omit<RateLimitOptions, "now">
  now: () => number
  warn: (text: string) => void
}

/** The `kind` a raw message says hello as; undefined when it is no hello. */
function helloKind(raw: unknown): unknown {
  const body = isDict(raw) ? own(raw, "body") : undefined
  return isDict(body) && own(body, "type") === "hello"
    ? own(body, "kind")
    : undefined
}

/** Posts `message` to a port that may be gone (its disconnect tells the adapter). */
function answer(port: TabPort, message: ServerMessage): void {
  try {
    port.postMessage(message)
  } catch {
    // Gone.
  }
}

/** The tab rules, ready to be handed to the adapter and the conversation. */
export function createTabPorts<P extends TabPort>(deps: TabPortsDeps) {
  const gate = new TabGate<P>(deps.area, deps.extensionId)
  const limit = createRateLimit<number>({ ...deps.rate, now: deps.now })
  // Asked on every message: a port's sender never changes, so each port's
  // answer is worked out once.
  const pages = new WeakMap<P, boolean>()
  const isPage = (port: P): boolean => {
    let page = pages.get(port)
    if (page === undefined) {
      page = isOwnExtensionPage(port.sender, deps.extensionId)
      pages.set(port, page)
    }
    return page
  }

  return {
    /** The adapter's verdict on a port that is not one of our pages. */
    async gateOther(port: P): Promise<Admission> {
      const verdict = await gate.judge(port)
      return verdict.admit ? { admit: true } : verdict
    },

    /**
     * Before the protocol sees a message: a page may not say hello as a tab,
     * nor a tab's port as anything else (`not-allowed`); a tab's message
     * over its rate is answered `rate-limited`, and a tab that keeps
     * flooding is closed.
     */
    meter(port: P, raw: unknown): "pass" | "drop" | "close" {
      const kind = helloKind(raw)
      if (kind !== undefined && (kind === "tab") === isPage(port)) {
        answer(port, {
          type: "error",
          id: null,
          code: "not-allowed",
          field: "kind"
        })
        return "drop"
      }
      const tabId = port.sender?.tab?.id
      if (isPage(port) || tabId === undefined) return "pass"
      const verdict = limit.take(tabId)
      if (verdict.tag === "pass") return "pass"
      if (verdict.tag === "flood") {
        deps.warn(`Disconnected tab ${tabId}: it kept sending over its limit`)
        return "close"
      }
      if (verdict.first) deps.warn(`Tab ${tabId} is over its message limit`)
      const id = isDict(raw) ? requestIdOf(own(raw, "body")) : null
      answer(port, { type: "error", id, code: "rate-limited" })
      return "drop"
    },

    /** An admitted port left: its tab may connect again. */
    onLeft(port: P): void {
      gate.closed(port)
    },

    /** Injects the widget into `tabId` and records the document; false when the browser (or storage) refused. */
    async joinTab(tabId: number): Promise<boolean> {
      try {
        return await gate.inject(
          tabId,
          async () => (await deps.injectWidget(tabId))?.documentId ?? null
        )
      } catch (error) {
        deps.warn(`Could not inject the widget into tab ${tabId}: ${error}`)
        return false
      }
    },

    /** The tab started loading (tabs.onUpdated): see `TabGate.loading`. */
    loading: (tabId: number) => gate.loading(tabId),

    /** The tab finished loading (tabs.onUpdated). */
    loaded: (tabId: number) => gate.loaded(tabId),

    /** The tab closed: forget it. */
    forget(tabId: number): Promise<void> {
      limit.forget(tabId)
      return gate.forget(tabId)
    }
  }
}

/** What `createTabPorts` returns. */
export type TabPorts<P extends TabPort> = ReturnType<typeof createTabPorts<P>>
