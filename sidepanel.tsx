import { ConversationApp } from "~components/ConversationApp"

import "./styles.css"

/** The side panel: the same conversation as the popup, through the background. */
function SidePanel() {
  return <ConversationApp kind="sidepanel" />
}

export default SidePanel
