import { useEffect, useSyncExternalStore } from "react"

import { config } from "~config"
import {
  createSettingsSource,
  defaultsFrom,
  type SettingsSource,
  type SettingsState
} from "~storage/settings"

let shared: SettingsSource | null = null

/** This page's one settings source on `chrome.storage.sync`, made on first use. */
export function chromeSettings(): SettingsSource {
  shared ??= createSettingsSource(chrome.storage.sync, defaultsFrom(config))
  return shared
}

/**
 * The user's settings, re-rendering on every change saved anywhere (the
 * options page, another window). `source` is the seam tests fill.
 */
export function useSettings(
  source: SettingsSource = chromeSettings()
): SettingsState {
  return useSyncExternalStore(source.subscribe, source.getState)
}

/**
 * Puts the theme on the page's root: `data-theme` picks the CSS
 * `color-scheme` (styles.css), "system" leaves it to the system's.
 */
export function useTheme(theme: SettingsState["settings"]["theme"]): void {
  useEffect(() => {
    const root = document.documentElement
    if (theme === "system") delete root.dataset.theme
    else root.dataset.theme = theme
  }, [theme])
}
