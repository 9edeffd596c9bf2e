import { OptionsForm } from "~components/options/OptionsForm"
import { markPageLanguage } from "~text/i18n"

import "./styles.css"

markPageLanguage()

/** The options page (Plasmo's `options.tsx`): the user's settings, in chrome.storage.sync. */
export default function Options() {
  return <OptionsForm />
}
