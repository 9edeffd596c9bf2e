/**
 * The manifest's keyboard commands that the worker handles (`_execute_action`
 * is Chrome's own: it opens the popup).
 */

/** Opens the side panel in the window the shortcut was pressed in. */
export const OPEN_SIDE_PANEL = "open-side-panel"

/**
 * Opens the side panel for `command`. A command is a user gesture, which
 * `sidePanel.open` requires, so it is called at once, with no await before
 * it (https://developer.chrome.com/docs/extensions/reference/api/sidePanel#method-open).
 * Chrome may give the command no tab (no browser window it counts as
 * focused); the current window is then the one the user pressed it in.
 * Firefox has no sidePanel API: there the shortcut does nothing.
 */
export function onCommand(command: string, tab?: chrome.tabs.Tab): void {
  if (command !== OPEN_SIDE_PANEL) return
  if (typeof chrome.sidePanel?.open !== "function") return
  chrome.sidePanel
    .open({ windowId: tab?.windowId ?? chrome.windows.WINDOW_ID_CURRENT })
    .catch((error: unknown) =>
      console.warn(`Could not open the side panel: ${error}`)
    )
}

chrome.commands?.onCommand.addListener(onCommand)
