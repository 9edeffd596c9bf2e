import { memo, useEffect } from "react"

import { useTabJoin, type TabJoin } from "~hooks/useTabJoin"
import { t } from "~text/i18n"
import { joinText } from "~text/tab-join-wording"
import type { ServerError } from "~views/conversation-types"
import type { JoinNote } from "~views/tab-joinable"

/** What the line under the button says, if anything. */
function noteOf(
  state: TabJoin,
  connected: boolean
): JoinNote | ServerError | null {
  switch (state.tag) {
    case "looking":
      return null
    case "blocked":
      return state.reason
    case "failed":
      return state.error
    case "joining":
    case "joined":
      return state.tag
    case "ready":
      return connected ? null : "connect-first"
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
  const note = noteOf(state, connected)
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
        className={
          note !== null && typeof note !== "string" ? "notice" : "hint"
        }
        role={note !== null && typeof note !== "string" ? "alert" : undefined}>
        {note === null ? "" : joinText(note)}
      </p>
    </div>
  )
})
