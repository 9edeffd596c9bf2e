/**
 * Everything the background does about tabs: it injects the widget on a
 * view's `joinTab`, admits the ports of tabs it injected (tab-gate.ts),
 * lets a page and a tab's port each say hello only as what they are, lets
 * a tab send only messages, and meters all a tab sends (rate-limit.ts).
 */
import { MAX_HELD, type ServerSidePort, type ToServer } from "mv3-port/server"

import { isDict, own } from "~protocol/schema"
import type { SessionArea } from "~storage/layout"

import { createRateLimit, type RateLimitOptions } from "./rate-limit"
import type { OnRefused } from "./refused-senders"
import { createTabGate } from "./tab-gate"
import {
  isOwnExtensionPage,
  ownExtensionOrigin,
  type SenderInfo
} from "./trust"
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

/** Who opened a port, as Chrome tells it (a `chrome.runtime.Port`'s sender). */
const senderOf = (port: ServerSidePort) => port.sender as SenderInfo | undefined

/**
 * What a message weighs against its tab's byte budget: the text of a
 * request (a `send`'s is what the worker checks, logs and stores), 2 bytes
 * a UTF-16 code unit as the worker holds it. Read in one step, never
 * walked: anything else a tab may send is small or refused unread.
 */
function weightOf(message: ToServer): number {
  if (message.k !== "req" || !isDict(message.input)) return 0
  const text = own(message.input, "text")
  return typeof text === "string" ? 2 * text.length : 0
}

/** The tab rules, ready to be handed to the server and the conversation. */
export function createTabPorts(deps: TabPortsDeps) {
  const gate = createTabGate<ServerSidePort>(deps.area, deps.extensionId)
  const limit = createRateLimit<number>({ ...deps.rate, now: deps.now })
  // Asked on every message: the origin is worked out once.
  const origin = ownExtensionOrigin(deps.extensionId)
  const isPage = (port: ServerSidePort) =>
    isOwnExtensionPage(senderOf(port), deps.extensionId, origin)

  /**
   * A tab's port: admitted once its injection record is read, else
   * disconnected (the package would leave a refused port open and unread,
   * and the widget would wait on it). The package holds what the port
   * sends meanwhile, and closes it past MAX_HELD messages without a word:
   * counted here too, so that such a port does not keep its tab taken.
   */
  async function judgeTab(
    port: ServerSidePort,
    onRefused: OnRefused
  ): Promise<boolean> {
    let gone = false
    let held = 0
    const count = () => void (++held > MAX_HELD && (gone = true))
    port.onMessage.addListener(count)
    port.onDisconnect.addListener(() => {
      gone = true
      gate.closed(port)
    })
    const verdict = await gate.judge(port)
    port.onMessage.removeListener(count)
    if (!verdict.admit) {
      onRefused(senderOf(port), verdict.reason)
      port.disconnect()
      return false
    }
    if (held > MAX_HELD) {
      const { tabId } = verdict
      deps.warn(
        `Disconnected tab ${tabId}: it sent over ${MAX_HELD} messages before it was admitted`
      )
    }
    // Gone while judged: an admission would hold its tab forever.
    if (gone) gate.closed(port)
    return !gone
  }

  /** A tab's message over its rate: refused, and a tab that keeps flooding is closed. */
  function meter(tabId: number, message: ToServer): true | false | string {
    const verdict = limit.take(tabId, weightOf(message))
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
     * port as anything else (the port is closed). A tab pays for every
     * message, its hello included, and may send messages only (no stream,
     * upload, Clear, delivery report or join); pages are not metered.
     */
    allow(view: View, message: ToServer): boolean | string {
      if (isPage(view.port)) {
        return message.k !== "hello" || view.meta.kind !== "tab"
      }
      // Admitted and not a page: a tab's top frame (judgeTab saw its id).
      const tabId = senderOf(view.port)?.tab?.id
      if (tabId === undefined) return false
      const metered = meter(tabId, message)
      if (metered !== true) return metered
      if (message.k === "hello") return view.meta.kind === "tab"
      if (message.k === "ping") return true
      return message.k === "req" && message.name === "send"
        ? true
        : "not-allowed"
    },

    /** A view's port left: its tab may connect again. */
    left: gate.closed,

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

    /** The tab started loading (tabs.onUpdated): see the gate's `loading`. */
    loading: gate.loading,

    /** The tab finished loading (tabs.onUpdated). */
    loaded: gate.loaded,

    /** The tab closed: forget it. */
    forget(tabId: number): Promise<void> {
      limit.forget(tabId)
      return gate.forget(tabId)
    }
  }
}

/** What `createTabPorts` returns. */
export type TabPorts = ReturnType<typeof createTabPorts>
