/**
 * Everything the background does about tabs, as plain functions of its
 * dependencies: it injects the widget on a view's `joinTab`, admits the
 * ports of tabs it injected (tab-gate.ts), lets a page and a tab's port
 * each say hello only as what they are, lets a tab send only messages, and
 * meters what each tab sends (rate-limit.ts).
 */
import type { ServerSidePort, ToServer } from "mv3-port/server"

import type { RefusalReason } from "~protocol"
import type { SessionArea } from "~storage/layout"

import { createRateLimit, type RateLimitOptions } from "./rate-limit"
import { TabGate } from "./tab-gate"
import { isOwnExtensionPage, type SenderInfo } from "./trust"
import type { View } from "./views"

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

/** Hears of a port the gate refused, with why. */
export type OnRefused = (
  sender: SenderInfo | undefined,
  reason: RefusalReason
) => void

/** Who opened a port, as Chrome tells it (a `chrome.runtime.Port`'s sender). */
export const senderOf = (port: ServerSidePort) =>
  port.sender as SenderInfo | undefined

/** The tab rules, ready to be handed to the server and the conversation. */
export function createTabPorts(deps: TabPortsDeps) {
  const gate = new TabGate<ServerSidePort>(deps.area, deps.extensionId)
  const limit = createRateLimit<number>({ ...deps.rate, now: deps.now })
  // Asked on every message: a port's sender never changes, so each port's
  // answer is worked out once.
  const pages = new WeakMap<ServerSidePort, boolean>()
  const isPage = (port: ServerSidePort): boolean => {
    let page = pages.get(port)
    if (page === undefined) {
      page = isOwnExtensionPage(senderOf(port), deps.extensionId)
      pages.set(port, page)
    }
    return page
  }

  /**
   * A tab's port: admitted once its injection record is read, else
   * disconnected (the package would leave a refused port open and unread,
   * and the widget would wait on it).
   */
  async function judgeTab(
    port: ServerSidePort,
    onRefused: OnRefused
  ): Promise<boolean> {
    let gone = false
    port.onDisconnect.addListener(() => {
      gone = true
      gate.closed(port)
    })
    const verdict = await gate.judge(port)
    if (!verdict.admit) {
      onRefused(senderOf(port), verdict.reason)
      port.disconnect()
      return false
    }
    // Gone while judged: an admission would hold its tab forever.
    if (gone) gate.closed(port)
    return !gone
  }

  /** A tab's message over its rate: refused, and a tab that keeps flooding is closed. */
  function meter(tabId: number): true | false | "rate-limited" {
    const verdict = limit.take(tabId)
    if (verdict.tag === "pass") return true
    if (verdict.tag === "flood") {
      deps.warn(`Disconnected tab ${tabId}: it kept sending over its limit`)
      return false
    }
    if (verdict.first) deps.warn(`Tab ${tabId} is over its message limit`)
    return "rate-limited"
  }

  return {
    /** The server's `admit`: our own pages at once, a tab's widget once judged. */
    admit(
      port: ServerSidePort,
      onRefused: OnRefused
    ): boolean | Promise<boolean> {
      return isPage(port) || judgeTab(port, onRefused)
    },

    /**
     * The server's `allow`: a page may not say hello as a tab, nor a tab's
     * port as anything else (the port is closed). A tab may send messages
     * only (no stream, upload, Clear or join), at its rate; pages are not
     * metered.
     */
    allow(view: View, message: ToServer): boolean | string {
      const page = isPage(view.port)
      if (message.k === "hello") return (view.meta.kind === "tab") !== page
      const tabId = senderOf(view.port)?.tab?.id
      if (page || tabId === undefined) return true
      const metered = meter(tabId)
      if (metered !== true) return metered
      if (message.k === "ping") return true
      return message.k === "req" && message.name === "send"
        ? true
        : "not-allowed"
    },

    /** A view's port left: its tab may connect again. */
    left(port: ServerSidePort): void {
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
export type TabPorts = ReturnType<typeof createTabPorts>
