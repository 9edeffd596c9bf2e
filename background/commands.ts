/**
 * The manifest's keyboard commands that the worker handles (`_execute_action`
 * is Chrome's own: it opens the popup).
 */

/** Opens the side panel in the window the shortcut was pressed in. */
export const OPEN_SIDE_PANEL = "open-side-panel"

// A command is a user gesture, which `sidePanel.open` requires
// (https://developer.chrome.com/docs/extensions/reference/api/sidePanel#method-open).
// Firefox has no sidePanel API: there the shortcut does nothing.
chrome.commands?.onCommand.addListener((command, tab) => {
  if (command !== OPEN_SIDE_PANEL || tab?.windowId === undefined) return
  if (typeof chrome.sidePanel?.open !== "function") return
  chrome.sidePanel
    .open({ windowId: tab.windowId })
    .catch((error: unknown) =>
      console.warn(`Could not open the side panel: ${error}`)
    )
})
