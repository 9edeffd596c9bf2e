import type { ErrorData } from "~protocol"
import type { JoinNote } from "~views/tab-joinable"

import { serverErrorText } from "./wording"

/**
 * What the popup says about "Join from this tab", beside wording.ts (whose
 * error texts it reuses) so each feature's sentences stay in one place.
 */
const JOIN_TEXT: Record<JoinNote, string> = {
  "browser-page": "The browser's own pages cannot be joined.",
  "web-store": "Extension stores let no extension into their pages.",
  "not-web": "Only web pages (http, https, file) can be joined.",
  "no-access": "Open the popup on a web page to join it.",
  unsupported: "This browser cannot inject the widget.",
  "connect-first": "Connect first to join this tab.",
  joining: "Joining…",
  joined: "The widget is on this page."
}

/** The line under "Join from this tab": where it stands, or why the background could not join. */
export function joinText(note: JoinNote | ErrorData): string {
  if (typeof note === "string") return JOIN_TEXT[note]
  return `Could not join: ${serverErrorText(note)}`
}
