/**
 * The tab rules (tab-ports.ts) wired to Chrome: the widget's script, the
 * session storage that survives a worker stop, and the tab events that end
 * a tab's record.
 */
import widgetUrl from "url:~tab-widget/index.ts"

import { config } from "~config"

import { createTabPorts } from "./tab-ports"

/**
 * The widget's bundle, as `scripting.executeScript` names files (relative to
 * the extension's root). Parcel's `url:` import bundles the script on its
 * own and gives its URL, without the `content_scripts` entry Plasmo writes
 * for every file under `contents/`: nothing runs in a page until the user
 * asks for it.
 */
const WIDGET_FILE = new URL(
  widgetUrl,
  chrome.runtime.getURL("/")
).pathname.slice(1)

/** The longest text a message may carry, in bytes as the worker holds it (UTF-16). */
const TEXT_BYTES = 2 * config.maxMessageLength

/**
 * Well above what a person types (and what a reconnect re-sends), far below
 * what would slow the other views: a tab that keeps going past it for
 * `floodAfter` messages in a row is disconnected. The bytes let a burst of
 * 16 of the longest texts through and two a second after: a person pasting
 * long texts never meets them, while a tab posting texts past the limit
 * (refused, but only once carried, checked and logged) is stopped early.
 */
const TAB_RATE = {
  burst: 30,
  perSecond: 5,
  burstBytes: 16 * TEXT_BYTES,
  bytesPerSecond: 2 * TEXT_BYTES,
  floodAfter: 200
}

/** This worker's tab rules. */
export const tabPorts = createTabPorts({
  area: chrome.storage.session,
  extensionId: chrome.runtime.id,
  async injectWidget(tabId) {
    const [result] = await chrome.scripting.executeScript({
      target: { tabId },
      files: [WIDGET_FILE]
    })
    return result
  },
  rate: TAB_RATE,
  now: () => Date.now(),
  warn: (text) => console.warn(text)
})

// A reload or a navigation ends the widget's document, and so its record
// (a same-document URL change keeps both: see TabGate.loading).
chrome.tabs.onUpdated.addListener((tabId, change) => {
  if (change.status === "loading") void tabPorts.loading(tabId)
  if (change.status === "complete") tabPorts.loaded(tabId)
})
chrome.tabs.onRemoved.addListener((tabId) => void tabPorts.forget(tabId))
