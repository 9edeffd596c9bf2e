import type { BadgeLook } from "~views/badge-state"

/**
 * The toolbar badge's tooltip (`chrome.action.setTitle`) for each thing the
 * badge can say. An empty title puts back the manifest's (the extension's
 * name), which is what a clear badge should show.
 */
export function badgeTitle(look: BadgeLook): string {
  switch (look.kind) {
    case "clear":
      return ""
    case "failed":
      return look.views === 1
        ? "A view lost its connection to the background: open it and click Connect."
        : `${look.views} views lost their connection to the background: open them and click Connect.`
    case "waiting":
      return look.count === 1
        ? "Reconnecting: 1 message waits to be sent."
        : `Reconnecting: ${look.count} messages wait to be sent.`
  }
}
