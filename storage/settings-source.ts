import {
  parseSettings,
  SETTINGS_KEY,
  withSetting,
  type SettingName,
  type SettingProblem,
  type Settings
} from "./settings"

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
    save(name: SettingName, value: unknown): Promise<SaveResult> {
      const result = withSetting(state.settings, name, value)
      if (!result.ok) return Promise.resolve(result)
      return write(
        () => area.set({ [SETTINGS_KEY]: result.settings }),
        result.settings
      )
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
