import { formatNumber, t } from "./i18n"

/**
 * The toolbar badge's tooltip (`chrome.action.setTitle`) in the browser's
 * language, for `failed` views that gave up, else `waiting` messages. An
 * empty title puts back the manifest's (the extension's name), which is
 * what a clear badge should show.
 */
export function badgeTitle(failed: number, waiting: number): string {
  if (failed > 0) {
    return failed === 1
      ? t("badgeFailedOne")
      : t("badgeFailedMany", formatNumber(failed))
  }
  if (waiting === 0) return ""
  return waiting === 1
    ? t("badgeWaitingOne")
    : t("badgeWaitingMany", formatNumber(waiting))
}
