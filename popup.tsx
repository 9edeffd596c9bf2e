import { ConversationApp } from "~components/ConversationApp"
import { markPageLanguage } from "~text/i18n"

import "./styles.css"

markPageLanguage()

/** The toolbar popup: the tutorial's conversation with the background. */
export default function Popup() {
  return <ConversationApp kind="popup" />
}
