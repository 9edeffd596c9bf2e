import type { BadgeLook } from "~badge/state"

import { formatNumber, t } from "./i18n"

/**
 * The toolbar badge's tooltip (`chrome.action.setTitle`) for each thing the
 * badge can say, in the browser's language. An empty title puts back the
 * manifest's (the extension's name), which is what a clear badge should show.
 */
export function badgeTitle(look: BadgeLook): string {
  switch (look.kind) {
    case "clear":
      return ""
    case "failed":
      return look.views === 1
        ? t("badgeFailedOne")
        : t("badgeFailedMany", formatNumber(look.views))
    case "waiting":
      return look.count === 1
        ? t("badgeWaitingOne")
        : t("badgeWaitingMany", formatNumber(look.count))
  }
}
