import { memo, useEffect } from "react"

import { useTabJoin, type TabJoin } from "~hooks/useTabJoin"
import { t, type MessageKey } from "~text/i18n"
import { serverErrorText } from "~text/wording"
import type { JoinBlocked } from "~views/tab-joinable"

const JOIN_TEXT: Record<JoinBlocked | "joining" | "joined", MessageKey> = {
  "browser-page": "joinBrowserPage",
  "web-store": "joinWebStore",
  "not-web": "joinNotWeb",
  "no-access": "joinNoAccess",
  unsupported: "joinUnsupported",
  joining: "joinJoining",
  joined: "joinJoined"
}

/** What the line under the button says: where it stands, or why the background could not join. */
function noteOf(state: TabJoin, connected: boolean): string {
  switch (state.tag) {
    case "looking":
      return ""
    case "blocked":
      return t(JOIN_TEXT[state.reason])
    case "failed":
      return t("joinFailed", serverErrorText(state.error))
    case "joining":
    case "joined":
      return t(JOIN_TEXT[state.tag])
    case "ready":
      return connected ? "" : t("joinConnectFirst")
  }
}

/**
 * "Join from this tab": asks the background to inject the conversation
 * widget into the page this popup was opened on. Disabled, with the reason
 * beside it, where that cannot work. Once the widget is there, `onJoined`
 * runs: the popup closes itself, as it would at the user's first click into
 * the page, and the widget, which took the focus, is where typing goes.
 */
export const JoinTabButton = memo(function JoinTabButton({
  connected,
  joinTab,
  onJoined
}: {
  connected: boolean
  joinTab(tabId: number): Promise<unknown>
  onJoined(): void
}) {
  const { state, join } = useTabJoin(joinTab)
  const joined = state.tag === "joined"
  useEffect(() => {
    if (joined) onJoined()
  }, [joined, onJoined])
  const canJoin =
    connected && state.tag !== "looking" && state.tag !== "blocked"
  const failed = state.tag === "failed"
  return (
    <div className="tab-join">
      <button
        id="joinTabBtn"
        type="button"
        disabled={!canJoin}
        aria-describedby="joinTabNote"
        onClick={join}>
        {t("joinTab")}
      </button>
      {/* Always there, so the note coming or going never moves the timeline. */}
      <p
        id="joinTabNote"
        className={failed ? "notice" : "hint"}
        role={failed ? "alert" : undefined}>
        {noteOf(state, connected)}
      </p>
    </div>
  )
})
