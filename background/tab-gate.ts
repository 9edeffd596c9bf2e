/**
 * The background's memory of the tabs it let the widget into, and the gate
 * their ports pass. What must survive a worker stop (which documents were
 * injected) lives in `chrome.storage.session`; which tab has a port right
 * now is only true while this worker lives, so it stays in memory.
 */
import {
  parseTabRecord,
  tabKey,
  type SessionArea,
  type TabRecord
} from "~storage/layout"

import { judgeTabSender, senderTab, type TabVerdict } from "./tab-trust"
import type { SenderInfo } from "./trust"

/** Records injections and admits the ports of injected tabs, one per tab. */
export function createTabGate<P extends { readonly sender?: SenderInfo }>(
  area: SessionArea,
  extensionId: string
) {
  /** Injections under way: a port of that tab waits for its record. */
  const injecting = new Map<number, Promise<unknown>>()
  /**
   * The one admitted port of each tab, and whether the tab started loading
   * while it was open (decided when the port leaves or the load completes).
   */
  const live = new Map<number, { port: P; loading: boolean }>()

  /**
   * The tab navigated, reloaded or closed: its record goes, so its next
   * document must be injected again. (A record that outlives its document
   * admits nobody: no other document has its id.)
   */
  const forget = (tabId: number) => area.remove([tabKey(tabId)])

  return {
    /**
     * Runs `injectScript` for `tabId` and records the document it reached
     * (null: none). The widget connects while the injection is still
     * finishing, so a port of that tab waits for this to end before its
     * record is read.
     */
    async inject(
      tabId: number,
      injectScript: () => Promise<string | null>
    ): Promise<boolean> {
      const run = (async () => {
        const documentId = await injectScript()
        if (documentId === null) return false
        const record: TabRecord = { documentId }
        await area.set({ [tabKey(tabId)]: record })
        return true
      })()
      injecting.set(tabId, run)
      try {
        return await run
      } finally {
        if (injecting.get(tabId) === run) injecting.delete(tabId)
      }
    },

    /** Judges a port; an admitted one holds its tab until `closed`. */
    async judge(port: P): Promise<TabVerdict> {
      const tab = senderTab(port.sender, extensionId)
      if ("refused" in tab) return { admit: false, reason: tab.refused }
      await injecting.get(tab.tabId)?.catch(() => {})
      const key = tabKey(tab.tabId)
      const record = parseTabRecord((await area.get([key]))[key])
      // Checked and taken with no await in between: of two ports of one tab
      // judged at once, only the first gets in.
      const taken = live.has(tab.tabId)
      const verdict = judgeTabSender(port.sender, extensionId, record, taken)
      if (verdict.admit) live.set(verdict.tabId, { port, loading: false })
      return verdict
    },

    /**
     * An admitted port is gone: its tab may connect again. Gone while its
     * tab was loading, it went with its document (a navigation or a
     * reload), so the record goes too; otherwise (Close, or the client
     * reconnecting) the same document may come back.
     */
    closed(port: P): void {
      const tabId = port.sender?.tab?.id
      const entry = tabId === undefined ? undefined : live.get(tabId)
      if (entry?.port !== port) return
      live.delete(tabId!)
      if (entry.loading) void forget(tabId!)
    },

    /**
     * The tab started loading. Chrome says so for a navigation or a reload
     * and also for a same-document URL change (`history.pushState`, a new
     * fragment), which keeps the widget: with a widget connected, its port
     * leaving or the load completing tells which it was.
     */
    async loading(tabId: number): Promise<void> {
      const entry = live.get(tabId)
      if (entry) entry.loading = true
      else await forget(tabId)
    },

    /** The tab finished loading with the widget still connected: it kept its document. */
    loaded(tabId: number): void {
      const entry = live.get(tabId)
      if (entry) entry.loading = false
    },

    forget
  }
}
