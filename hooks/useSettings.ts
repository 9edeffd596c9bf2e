import { useEffect, useState, useSyncExternalStore } from "react"

import { config } from "~config"
import {
  createSettingsSource,
  defaultsFrom,
  type SettingsState
} from "~storage/settings"

/**
 * The user's settings on `chrome.storage.sync`, with `save` and `reset`,
 * re-rendering on every change saved anywhere (the options page, another
 * window).
 */
export function useSettings() {
  const [source] = useState(() =>
    createSettingsSource(chrome.storage.sync, defaultsFrom(config))
  )
  useEffect(() => source.dispose, [source])
  const state = useSyncExternalStore(source.subscribe, source.getState)
  return { ...state, save: source.save, reset: source.reset }
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
