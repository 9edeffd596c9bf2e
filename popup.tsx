import { ConversationView } from "~components/ConversationView"
import { useConnection } from "~hooks/useConnection"
import { config } from "~lib/config"

import "./styles.css"

/** The toolbar popup: the tutorial's conversation with the background. */
function Popup() {
  const connection = useConnection("popup")
  return (
    <div className="popup">
      <ConversationView
        connection={connection}
        maxLength={config.maxMessageLength}
      />
    </div>
  )
}

export default Popup
