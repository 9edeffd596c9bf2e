/**
 * The content script "Join from this tab" injects (background/tabs.ts runs
 * `scripting.executeScript` with this file's bundle; nothing declares it in
 * the manifest). It joins the conversation as a view of kind `tab` through
 * the same client the popup uses, so it reconnects with backoff and re-sends
 * what was in flight when the worker stopped. Framework-free: it runs in
 * every page it is injected into, so it stays small.
 */
import { config } from "~config"
import { createChromeConversation } from "~views/chrome-conversation"

import { mountWidget, type WidgetView } from "./widget-view"

/**
 * Each injection runs this file again in the same isolated world, where
 * globals outlive the run (and the page's scripts cannot see them): the
 * widget of an earlier run is kept, not doubled.
 */
const RUNNING = "__popupToBackgroundWidget"
type WidgetGlobal = typeof globalThis & { [RUNNING]?: WidgetView }

function start(): WidgetView {
  const client = createChromeConversation("tab")
  const view = mountWidget(document, client, {
    maxLength: config.maxMessageLength,
    onClose: stop
  })
  function stop(): void {
    removeEventListener("pagehide", onPageHide)
    client.dispose()
    view.remove()
    delete (globalThis as WidgetGlobal)[RUNNING]
  }
  // A page kept in the back/forward cache loses its ports; the widget ends
  // with it rather than come back disconnected from a tab the background
  // forgot. https://developer.chrome.com/blog/bfcache-extension-messaging-changes
  function onPageHide(event: PageTransitionEvent): void {
    if (event.persisted) stop()
  }
  addEventListener("pagehide", onPageHide)
  client.connect()
  return { focus: view.focus, remove: stop }
}

// The user just asked for the widget: typing goes to it (the popup that
// asked closes itself once the widget is there).
const global = globalThis as WidgetGlobal
const widget = (global[RUNNING] ??= start())
widget.focus()
