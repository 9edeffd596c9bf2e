import type { SettingName, SettingProblem, Theme } from "~storage/settings"

import { formatNumber, t, type MessageKey } from "./i18n"

/*
 * The options page's sentences built from data, in the browser's language:
 * the settings module reports problems as data (storage/settings.ts) and
 * this words them. Fixed labels are looked up where they are shown.
 */

const THEME_TEXT: Record<Theme, MessageKey> = {
  system: "themeSystem",
  light: "themeLight",
  dark: "themeDark"
}

/** A theme's name in the options. */
export function themeText(theme: Theme): string {
  return t(THEME_TEXT[theme])
}

const SETTING_TEXT: Record<SettingName, MessageKey> = {
  autoConnect: "settingAutoConnect",
  streamChunkMs: "settingStreamChunkMs",
  theme: "settingTheme"
}

/** Why a value was not saved (or a stored one not used), in words. */
export function settingProblemText(problem: SettingProblem): string {
  const setting = t(SETTING_TEXT[problem.name])
  switch (problem.code) {
    case "not-a-switch":
      return t("problemNotASwitch", setting)
    case "not-a-whole-number":
      return t("problemNotAWholeNumber", setting)
    case "out-of-range":
      return t(
        "problemOutOfRange",
        setting,
        formatNumber(problem.min),
        formatNumber(problem.max)
      )
    case "not-a-choice":
      // The stored values themselves, as a hand edit would have to write them.
      return t("problemNotAChoice", setting, problem.choices.join(", "))
  }
}
