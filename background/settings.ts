import { config } from "~config"
import { defaultsFrom } from "~storage/settings"
import { createSettingsSource } from "~storage/settings-source"

/**
 * The user's settings as the worker sees them: read at startup and kept
 * current by `storage.onChanged`. Until the read answers (a few ms after a
 * worker starts) the build's defaults stand in.
 */
export const settings = createSettingsSource(
  chrome.storage.sync,
  defaultsFrom(config)
)
