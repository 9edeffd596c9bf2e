/**
 * The extension's `devtools_page`: it runs once per DevTools window, has no
 * UI of its own, and adds the "Ports" panel, whose page connects to the
 * background like any other view.
 * https://developer.chrome.com/docs/extensions/how-to/devtools/extend-devtools
 *
 * Plasmo builds `devtools_page` only from a `devtools.tsx`, and renders its
 * default export: here, nothing.
 */
chrome.devtools.panels.create("Ports", "", "tabs/ports-panel.html")

export default function DevToolsPage() {
  return null
}
