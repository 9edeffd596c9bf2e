import { OptionsForm } from "~components/options/OptionsForm"

import "./styles.css"

/** The options page (Plasmo's `options.tsx`): the user's settings, in chrome.storage.sync. */
function Options() {
  return <OptionsForm />
}

export default Options
