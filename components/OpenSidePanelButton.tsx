import { memo, useEffect, useState } from "react"

import { t } from "~text/i18n"
import { errorText } from "~text/wording"

/** True where this browser has the side panel API (Chrome 116+; not Firefox). */
function hasSidePanel(): boolean {
  return typeof globalThis.chrome?.sidePanel?.open === "function"
}

/**
 * Opens the side panel in this window. `chrome.sidePanel.open` only works
 * inside the user's gesture, so the window id is looked up beforehand and the
 * call happens synchronously in the click handler.
 * https://developer.chrome.com/docs/extensions/reference/api/sidePanel#method-open
 */
export const OpenSidePanelButton = memo(function OpenSidePanelButton() {
  const [windowId, setWindowId] = useState<number | null>(null)
  const [error, setError] = useState<string | null>(null)
  const supported = hasSidePanel()

  useEffect(() => {
    if (!supported) return
    chrome.windows.getCurrent().then(
      (win) => {
        setWindowId(win.id ?? null)
        if (win.id === undefined) setError(t("sidePanelNoWindow"))
      },
      (reason: unknown) => {
        setWindowId(null)
        setError(errorText(reason))
      }
    )
  }, [supported])

  if (!supported) {
    return (
      <p id="sidePanelUnsupported" className="hint">
        {t("noSidePanel")}
      </p>
    )
  }
  return (
    <div className="side-panel-open">
      <button
        id="openSidePanelBtn"
        type="button"
        disabled={windowId === null}
        onClick={() => {
          if (windowId === null) return
          chrome.sidePanel.open({ windowId }).then(
            () => setError(null),
            (reason: unknown) => setError(errorText(reason))
          )
        }}>
        {t("openSidePanel")}
      </button>
      {error ? (
        <p className="notice" role="alert">
          {t("sidePanelFailed", error)}
        </p>
      ) : null}
    </div>
  )
})
