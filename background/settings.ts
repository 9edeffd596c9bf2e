import { config } from "~config"
import { createSettingsSource, defaultsFrom } from "~storage/settings"

/**
 * The user's settings as the worker sees them: read at startup and kept
 * current by `storage.onChanged`. Until the read answers (a few ms after a
 * worker starts) the build's defaults stand in.
 */
export const settings = createSettingsSource(
  chrome.storage.sync,
  defaultsFrom(config)
)
