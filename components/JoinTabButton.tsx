import { memo } from "react"

import { useTabJoin } from "~hooks/useTabJoin"
import type { ClientMessage, ServerMessage } from "~protocol"
import type { JoinNote } from "~views/tab-joinable"

import { joinText } from "./wording"

/**
 * "Join from this tab": asks the background to inject the conversation
 * widget into the page this popup was opened on. Disabled, with the reason
 * beside it, where that cannot work.
 */
export const JoinTabButton = memo(function JoinTabButton({
  connected,
  post,
  listen
}: {
  connected: boolean
  post(message: ClientMessage): boolean
  listen(listener: (message: ServerMessage) => void): () => void
}) {
  const { state, join } = useTabJoin({ post, listen })
  const canJoin =
    connected &&
    (state.tag === "ready" || state.tag === "joined" || state.tag === "failed")
  let note: JoinNote | null = null
  if (state.tag === "blocked") note = state.reason
  else if (state.tag === "joining" || state.tag === "joined") note = state.tag
  else if (state.tag !== "looking" && !connected) note = "connect-first"
  const failed = state.tag === "failed" ? state.error : undefined
  return (
    <div className="tab-join">
      <button
        id="joinTabBtn"
        type="button"
        disabled={!canJoin}
        aria-describedby="joinTabNote"
        onClick={join}>
        Join from this tab
      </button>
      {note || failed ? (
        <p
          id="joinTabNote"
          className={failed ? "notice" : "hint"}
          role={failed ? "alert" : undefined}>
          {joinText(note ?? "joining", failed)}
        </p>
      ) : null}
    </div>
  )
})
