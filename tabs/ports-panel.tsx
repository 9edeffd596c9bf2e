import { PortsPanel } from "~components/inspector/PortsPanel"
import { useSettings, useTheme } from "~hooks/useSettings"
import { markPageLanguage } from "~text/i18n"

import "../styles.css"
import "./ports-panel.css"

markPageLanguage()

/** The page of the DevTools "Ports" panel (devtools.ts creates the panel), in the options' theme. */
function PortsPanelPage() {
  useTheme(useSettings().settings.theme)
  return <PortsPanel />
}

export default PortsPanelPage
