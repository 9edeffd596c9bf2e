import { memo } from "react"

import { VIEW_KINDS, type Presence } from "~protocol"

import { viewKindName } from "./wording"

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
  const parts = VIEW_KINDS.flatMap((kind) => {
    const count = presence.kinds[kind]
    return count ? [`${viewKindName(kind)} ${count}`] : []
  })
  return (
    <p id="presence" className="presence" data-count={presence.count}>
      {presence.count} {presence.count === 1 ? "view" : "views"} connected
      {parts.length ? ` (${parts.join(", ")})` : ""}
    </p>
  )
})
