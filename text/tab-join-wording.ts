import type { ServerError } from "~views/conversation-types"
import type { JoinNote } from "~views/tab-joinable"

import { t, type MessageKey } from "./i18n"
import { serverErrorText } from "./wording"

/**
 * What the popup says about "Join from this tab", beside wording.ts (whose
 * error texts it reuses) so each feature's sentences stay in one place.
 */
const JOIN_TEXT: Record<JoinNote, MessageKey> = {
  "browser-page": "joinBrowserPage",
  "web-store": "joinWebStore",
  "not-web": "joinNotWeb",
  "no-access": "joinNoAccess",
  unsupported: "joinUnsupported",
  "connect-first": "joinConnectFirst",
  joining: "joinJoining",
  joined: "joinJoined"
}

/** The line under "Join from this tab": where it stands, or why the background could not join. */
export function joinText(note: JoinNote | ServerError): string {
  if (typeof note === "string") return t(JOIN_TEXT[note])
  return t("joinFailed", serverErrorText(note))
}
