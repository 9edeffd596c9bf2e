/**
 * Who may join as a tab, and the background's memory of the tabs it let
 * the widget into. A content script runs in a page that may be hostile, so
 * its port is admitted only when every one of these holds:
 *
 * - it is this extension's (`sender.id`), in a tab's top frame;
 * - the background injected the widget into that very document in this
 *   browser session: the record (tab id → document id) is written by the
 *   worker after its own `scripting.executeScript`, in
 *   `chrome.storage.session`, which content scripts cannot read or write
 *   (its default access level is TRUSTED_CONTEXTS,
 *   https://developer.chrome.com/docs/extensions/reference/api/storage#method-StorageArea-setAccessLevel);
 * - no other port of that tab is admitted.
 *
 * A reload or navigation makes a new document, whose id no record holds.
 * The records survive a worker stop; which tab has a port right now is
 * only true while this worker lives, so it stays in memory.
 */
import type { RefusalReason } from "~protocol"
import {
  parseTabRecord,
  tabKey,
  type SessionArea,
  type TabRecord
} from "~storage/layout"

import type { SenderInfo } from "./trust"

/** A tab port's fate. */
export type TabVerdict =
  | { admit: true; tabId: number }
  | {
      admit: false
      reason: Exclude<RefusalReason, "unknown-name" | "untrusted">
    }

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
      const { sender } = port
      const tabId = sender?.tab?.id
      if (!sender || sender.id !== extensionId) {
        return { admit: false, reason: "not-this-extension" }
      }
      if (tabId === undefined || tabId < 0 || sender.frameId !== 0) {
        return { admit: false, reason: "not-a-top-frame" }
      }
      await injecting.get(tabId)?.catch(() => {})
      const key = tabKey(tabId)
      const record = parseTabRecord((await area.get([key]))[key])
      if (!sender.documentId || record?.documentId !== sender.documentId) {
        return { admit: false, reason: "not-injected" }
      }
      // Checked and taken with no await in between: of two ports of one tab
      // judged at once, only the first gets in.
      if (live.has(tabId)) return { admit: false, reason: "tab-taken" }
      live.set(tabId, { port, loading: false })
      return { admit: true, tabId }
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
