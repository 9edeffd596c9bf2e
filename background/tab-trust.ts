/**
 * Who may join as a tab. A content script runs in a page that may be
 * hostile, so its port is admitted only when every one of these holds:
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
 */
import type { RefusalReason } from "~protocol"
import type { TabRecord } from "~storage/layout"

import type { SenderInfo } from "./trust"

/** Why a tab's port was refused. */
export type TabRefusal = Exclude<RefusalReason, "unknown-name" | "untrusted">

/** A tab port's fate. */
export type TabVerdict =
  { admit: true; tabId: number } | { admit: false; reason: TabRefusal }

/** The tab a sender speaks for, when it is this extension's content script in a top frame. */
export function senderTab(
  sender: SenderInfo | undefined,
  extensionId: string
): { tabId: number } | { refused: TabRefusal } {
  if (!sender || sender.id !== extensionId) {
    return { refused: "not-this-extension" }
  }
  const tabId = sender.tab?.id
  if (tabId === undefined || tabId < 0 || sender.frameId !== 0) {
    return { refused: "not-a-top-frame" }
  }
  return { tabId }
}

/** The verdict on a sender, given its tab's record and whether that tab already has a port. */
export function judgeTabSender(
  sender: SenderInfo | undefined,
  extensionId: string,
  record: TabRecord | undefined,
  taken: boolean
): TabVerdict {
  const tab = senderTab(sender, extensionId)
  if ("refused" in tab) return { admit: false, reason: tab.refused }
  if (!record || !sender?.documentId) {
    return { admit: false, reason: "not-injected" }
  }
  if (record.documentId !== sender.documentId) {
    return { admit: false, reason: "not-injected" }
  }
  if (taken) return { admit: false, reason: "tab-taken" }
  return { admit: true, tabId: tab.tabId }
}
