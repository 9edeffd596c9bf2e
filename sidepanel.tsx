import { ConversationApp } from "~components/ConversationApp"
import { markPageLanguage } from "~text/i18n"

import "./styles.css"

markPageLanguage()

/** The side panel: the same conversation as the popup, through the background. */
export default function SidePanel() {
  return <ConversationApp kind="sidepanel" />
}
