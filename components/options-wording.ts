import type { SettingName, SettingProblem, Theme } from "~storage/settings"

/**
 * Every text the options page shows. The settings module reports problems
 * as data (storage/settings.ts); this words them.
 */
export const OPTIONS_TEXT = {
  heading: "Popup to Background Messaging: options",
  intro:
    "Saved in your Chrome profile (and synced with it). Open views follow a change at once.",
  autoConnect: "Connect automatically when a view opens",
  autoConnectHint:
    "Off: a view waits for Connect, as in the tutorial. A view you disconnected stays disconnected.",
  pace: "Streamed reply pace (ms between chunks)",
  theme: "Theme",
  reset: "Reset to defaults",
  saved: "Saved.",
  resetDone: "Back to the defaults.",
  loading: "Reading your settings…"
} as const

const THEME_TEXT: Record<Theme, string> = {
  system: "As the system",
  light: "Light",
  dark: "Dark"
}

/** A theme's name in the options. */
export function themeText(theme: Theme): string {
  return THEME_TEXT[theme]
}

/** What the pace's field says under it: its range, and when a change applies. */
export function paceHint(min: number, max: number): string {
  return `From ${min} to ${max}. A change applies from the next chunk on, even in a reply already streaming.`
}

const SETTING_TEXT: Record<SettingName, string> = {
  autoConnect: "Connect automatically",
  streamChunkMs: "The streamed reply pace",
  theme: "The theme"
}

/** Why a value was not saved (or a stored one not used), in words. */
export function settingProblemText(problem: SettingProblem): string {
  const setting = SETTING_TEXT[problem.name]
  switch (problem.code) {
    case "not-a-switch":
      return `${setting} is either on or off.`
    case "not-a-whole-number":
      return `${setting} must be a whole number of milliseconds.`
    case "out-of-range":
      return `${setting} must be from ${problem.min} to ${problem.max} ms.`
    case "not-a-choice":
      return `${setting} must be one of: ${problem.choices.join(", ")}.`
  }
}

/** A stored value this build could not read: what happened instead. */
export function storedProblemText(problem: SettingProblem): string {
  return `${settingProblemText(problem)} The stored value was not usable, so the default is in use until you choose again.`
}

/** Storage refused to save (e.g. sync's write quota): nothing changed. */
export function storageErrorText(detail: string): string {
  return `Not saved: Chrome's storage refused the change (${detail}). Your previous setting is still in use.`
}
