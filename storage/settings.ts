/**
 * The user's settings, kept in `chrome.storage.sync` (they follow the user's
 * Chrome profile to other machines): the key, the format, the defaults and
 * the parse, for the options page, the views and the background alike.
 * `.env` gives the build's defaults (config.ts, handed in through
 * `defaultsFrom`); what the user chose wins over them.
 * https://developer.chrome.com/docs/extensions/reference/api/storage#property-sync
 */

/** The one `chrome.storage.sync` key: all settings in one small object. */
export const SETTINGS_KEY = "settings"

/** How a view looks: the system's scheme, or always light or dark. */
export const THEMES = ["system", "light", "dark"] as const
export type Theme = (typeof THEMES)[number]

/** The streamed reply's pause between chunks (ms): fast enough to read as live, slow enough to watch. */
export const STREAM_PACE_MS = { min: 10, max: 1000 } as const

export interface Settings {
  /** Connect as soon as a view opens (the tutorial's Connect button stays the default). */
  autoConnect: boolean
  /** Pause between a streamed reply's chunks, in ms. */
  streamChunkMs: number
  theme: Theme
}

export type SettingName = keyof Settings

/** Why a value cannot be a setting: data, worded by the options page. */
export type SettingProblem =
  | { name: SettingName; code: "not-a-switch" }
  | { name: SettingName; code: "not-a-whole-number" }
  | { name: SettingName; code: "out-of-range"; min: number; max: number }
  | { name: SettingName; code: "not-a-choice"; choices: readonly string[] }

function clampPace(ms: number): number {
  return Math.min(STREAM_PACE_MS.max, Math.max(STREAM_PACE_MS.min, ms))
}

/**
 * What a view uses until (or unless) the user chose otherwise: the build's
 * values (`.env`), brought within the settings' own limits.
 */
export function defaultsFrom(build: {
  autoConnect: boolean
  streamChunkMs: number
  theme: string
}): Readonly<Settings> {
  return Object.freeze({
    autoConnect: build.autoConnect,
    streamChunkMs: clampPace(build.streamChunkMs),
    theme: (THEMES as readonly string[]).includes(build.theme)
      ? (build.theme as Theme)
      : "system"
  })
}

const NAMES: readonly SettingName[] = ["autoConnect", "streamChunkMs", "theme"]

/** Why `value` cannot be setting `name`, or null when it can. */
export function checkSetting(
  name: SettingName,
  value: unknown
): SettingProblem | null {
  switch (name) {
    case "autoConnect":
      return typeof value === "boolean" ? null : { name, code: "not-a-switch" }
    case "streamChunkMs":
      if (typeof value !== "number" || !Number.isInteger(value)) {
        return { name, code: "not-a-whole-number" }
      }
      return value < STREAM_PACE_MS.min || value > STREAM_PACE_MS.max
        ? { name, code: "out-of-range", ...STREAM_PACE_MS }
        : null
    case "theme":
      return (THEMES as readonly unknown[]).includes(value)
        ? null
        : { name, code: "not-a-choice", choices: THEMES }
  }
}

/**
 * The settings in what storage holds: each field checked on its own, so one
 * bad value (an older or newer build's, or a hand edit) falls back to its
 * default without losing the others; `problems` says which did.
 */
export function parseSettings(
  stored: unknown,
  defaults: Readonly<Settings>
): {
  settings: Settings
  problems: SettingProblem[]
} {
  const settings: Settings = { ...defaults }
  const problems: SettingProblem[] = []
  if (stored === undefined) return { settings, problems }
  const fields =
    typeof stored === "object" && stored !== null && !Array.isArray(stored)
      ? (stored as Record<string, unknown>)
      : {}
  for (const name of NAMES) {
    if (!Object.hasOwn(fields, name)) continue
    const problem = checkSetting(name, fields[name])
    if (problem) problems.push(problem)
    else Object.assign(settings, { [name]: fields[name] })
  }
  return { settings, problems }
}

/** The stored object with `name` set to `value`, or the problem with `value`. */
export function withSetting<N extends SettingName>(
  current: Settings,
  name: N,
  value: unknown
): { ok: true; settings: Settings } | { ok: false; problem: SettingProblem } {
  const problem = checkSetting(name, value)
  if (problem) return { ok: false, problem }
  return { ok: true, settings: { ...current, [name]: value } }
}
