import { ConversationApp } from "~components/ConversationApp"

import "./styles.css"

/** The toolbar popup: the tutorial's conversation with the background. */
function Popup() {
  return <ConversationApp kind="popup" />
}

export default Popup
