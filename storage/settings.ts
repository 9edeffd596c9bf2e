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
    streamChunkMs: Math.min(
      STREAM_PACE_MS.max,
      Math.max(STREAM_PACE_MS.min, build.streamChunkMs)
    ),
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

/** A `chrome.storage.sync.onChanged` listener. */
type ChangeListener = (changes: Record<string, { newValue?: unknown }>) => void

/** The slice of `chrome.storage.sync` the settings use (faked in tests). */
export interface SyncArea {
  get(keys: string[]): Promise<Record<string, unknown>>
  set(items: Record<string, unknown>): Promise<void>
  remove(keys: string[]): Promise<void>
  /**
   * The area's own change event, not `chrome.storage.onChanged`: that one
   * also fires for every `storage.session` write (each log entry) in every
   * page that listens, for nothing.
   */
  onChanged: {
    addListener(listener: ChangeListener): void
    removeListener(listener: ChangeListener): void
  }
}

/** What the settings are now, for a view to render. */
export interface SettingsState {
  /** False until storage has answered: the defaults stand in until then. */
  loaded: boolean
  settings: Settings
  /** Stored values that could not be read (each fell back to its default). */
  problems: SettingProblem[]
}

/** How a save went: stored, refused for its value, or refused by storage. */
export type SaveResult =
  | { ok: true }
  | { ok: false; problem: SettingProblem }
  | { ok: false; storageError: string }

/**
 * The settings on `area` (`chrome.storage.sync`), `defaults` where nothing
 * usable is stored. Every open page holds one: a change saved anywhere
 * arrives through the area's `onChanged` and applies at once.
 */
export function createSettingsSource(
  area: SyncArea,
  defaults: Readonly<Settings>
) {
  let state: SettingsState = {
    loaded: false,
    settings: { ...defaults },
    problems: []
  }
  const listeners = new Set<() => void>()

  function take(stored: unknown): void {
    state = { loaded: true, ...parseSettings(stored, defaults) }
    for (const listener of listeners) listener()
  }

  const onChanged: ChangeListener = (changes) => {
    if (Object.hasOwn(changes, SETTINGS_KEY)) {
      take(changes[SETTINGS_KEY].newValue)
    }
  }
  area.onChanged.addListener(onChanged)
  area.get([SETTINGS_KEY]).then(
    (items) => {
      // A change heard before the read answered is newer than the read.
      if (!state.loaded) take(items[SETTINGS_KEY])
    },
    () => take(undefined)
  )

  async function write(
    run: () => Promise<void>,
    next: Settings
  ): Promise<SaveResult> {
    try {
      await run()
    } catch (error) {
      return { ok: false, storageError: String(error) }
    }
    // onChanged follows; taking it now too keeps this page's own edits
    // from waiting on the event.
    take(next)
    return { ok: true }
  }

  return {
    getState: (): SettingsState => state,
    /** Hears every change, from this page or any other (the options page, another window). */
    subscribe(onChange: () => void): () => void {
      listeners.add(onChange)
      return () => listeners.delete(onChange)
    },
    /** Stores `name` set to `value` with the other settings as they are, or says what is wrong with `value`. */
    save(name: SettingName, value: unknown): Promise<SaveResult> {
      const problem = checkSetting(name, value)
      if (problem) return Promise.resolve({ ok: false, problem })
      const next = { ...state.settings, [name]: value }
      return write(() => area.set({ [SETTINGS_KEY]: next }), next)
    },
    /** Back to the build's defaults. */
    reset: () => write(() => area.remove([SETTINGS_KEY]), { ...defaults }),
    dispose(): void {
      area.onChanged.removeListener(onChanged)
      listeners.clear()
    }
  }
}

/** The settings, read once, kept current by `storage.onChanged`, and saved. */
export type SettingsSource = ReturnType<typeof createSettingsSource>
