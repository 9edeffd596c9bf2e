import { PortsPanel } from "~components/inspector/PortsPanel"

import "../styles.css"
import "./ports-panel.css"

/** The page of the DevTools "Ports" panel (devtools.ts creates the panel). */
function PortsPanelPage() {
  return <PortsPanel />
}

export default PortsPanelPage
