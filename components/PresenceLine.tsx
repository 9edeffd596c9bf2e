import { memo } from "react"

import type { Presence } from "~protocol"
import { VIEW_KINDS } from "~protocol/shapes"
import { t } from "~text/i18n"
import { viewKindName } from "~text/wording"

/** How many views are in the conversation right now. */
export const PresenceLine = memo(function PresenceLine({
  presence
}: {
  presence: Presence | null
}) {
  if (!presence) {
    return (
      <p id="presence" className="presence">
        {t("presenceNone")}
      </p>
    )
  }
  const parts = VIEW_KINDS.flatMap((kind) => {
    const count = presence.kinds[kind]
    return count ? [t("presenceKindCount", viewKindName(kind), count)] : []
  })
  const one = presence.count === 1
  return (
    <p id="presence" className="presence" data-count={presence.count}>
      {parts.length
        ? t(
            one ? "presenceOneKinds" : "presenceManyKinds",
            presence.count,
            parts.join(", ")
          )
        : t(one ? "presenceOne" : "presenceMany", presence.count)}
    </p>
  )
})
