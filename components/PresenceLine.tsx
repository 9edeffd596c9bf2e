import { memo } from "react"

import type { Presence } from "~protocol"

import { viewLabel } from "./wording"

/** How many views are in the conversation right now. */
export const PresenceLine = memo(function PresenceLine({
  presence
}: {
  presence: Presence | null
}) {
  if (!presence) {
    return (
      <p id="presence" className="presence">
        Not in the conversation
      </p>
    )
  }
  const parts = [
    presence.kinds.popup
      ? `${viewLabel("popup").toLowerCase()} ${presence.kinds.popup}`
      : null,
    presence.kinds.sidepanel
      ? `${viewLabel("sidepanel").toLowerCase()} ${presence.kinds.sidepanel}`
      : null
  ].filter(Boolean)
  return (
    <p id="presence" className="presence" data-count={presence.count}>
      {presence.count} {presence.count === 1 ? "view" : "views"} connected
      {parts.length ? ` (${parts.join(", ")})` : ""}
    </p>
  )
})
