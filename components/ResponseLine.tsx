import { memo } from "react"

import { responseText } from "~text/wording"
import type { LastResponse } from "~views/conversation-types"

/**
 * The tutorial's `#response` line: the last reply
 * (`Reply: Background received: "…"`), a streamed one as it grows, or the
 * background's error. A polite live region, so a screen reader says each
 * reply once it is there.
 */
export const ResponseLine = memo(function ResponseLine({
  response
}: {
  response: LastResponse
}) {
  return (
    <div
      id="response"
      role="status"
      aria-live="polite"
      className={`response response-${response.kind}`}>
      {responseText(response)}
    </div>
  )
})
