import { lineText } from "~components/inspector/inspector-wording"
import {
  causeText,
  errorText,
  failureText,
  refusalText,
  responseText,
  sendRefusalText,
  serverErrorText,
  viewLabel
} from "~text/wording"

describe("the views' wording", () => {
  it("words every drop cause as the views always have", () => {
    expect(causeText({ code: "you-disconnected" })).toBe("You disconnected.")
    expect(causeText({ code: "background-disconnected" })).toBe(
      "Background disconnected."
    )
    expect(causeText({ code: "background-disconnected", detail: "gone" })).toBe(
      "Background disconnected (gone)."
    )
    expect(causeText({ code: "no-answer" })).toBe(
      "The background did not answer."
    )
    expect(causeText({ code: "open-failed", error: new Error("nope") })).toBe(
      "nope"
    )
    expect(causeText({ code: "context-lost" })).toBe(
      "The extension was reloaded or updated: reopen this view."
    )
    expect(
      causeText({
        code: "gave-up",
        attempts: 8,
        last: { code: "no-answer" }
      })
    ).toBe("Gave up after 8 attempts. The background did not answer.")
  })

  it("words every failure reason", () => {
    expect(failureText({ code: "queue-full", limit: 200 })).toBe(
      "Too many messages waiting (200); retry once some are answered."
    )
    expect(failureText({ code: "no-reply-after-attempts", attempts: 3 })).toBe(
      "No reply after 3 attempts."
    )
    expect(failureText({ code: "reply-timeout", ms: 15_000 })).toBe(
      "No reply within 15 s."
    )
    expect(failureText({ code: "disconnected" })).toBe(
      "Disconnected before a reply."
    )
    expect(failureText({ code: "context-lost" })).toBe(
      "The extension was reloaded before a reply."
    )
    expect(failureText({ code: "gave-up" })).toBe(
      "The connection could not be re-established."
    )
    expect(
      failureText({
        code: "rejected",
        // A code, no English.
        error: { code: "empty-text" }
      })
    ).toBe("The message is empty.")
  })

  it("words every server error code from its data, never from English on the wire", () => {
    // The package's codes for a message it could not read or run, and
    // the codes the app's handlers throw (the cut-over contract's list).
    const codes = [
      ["bad-request", "bad-input", "unknown-request", "handler-failed"],
      ["empty-text", "text-too-long", "id-reused", "stream-running"],
      ["file-empty", "file-too-large", "upload-running", "upload-cancelled"],
      ["not-allowed", "rate-limited", "join-failed", "not-saved"]
    ].flat()
    const refused = serverErrorText({ code: "some-new-code" })
    for (const code of codes) {
      expect(serverErrorText({ code })).toMatch(/^[A-Z].*\.$/)
      expect(serverErrorText({ code })).not.toBe(refused)
    }
    expect(serverErrorText({ code: "text-too-long", limit: 2000 })).toBe(
      "The message is too long; the limit is 2000 characters."
    )
    // The package's codes for what it could not read, and a code unknown here.
    expect(serverErrorText({ code: "bad-input" })).toBe(
      "The background could not read the message."
    )
    expect(serverErrorText({ code: "handler-failed" })).toBe(
      "Something went wrong in the background."
    )
    expect(serverErrorText({ code: "some-new-code" })).toBe(
      "The background refused the message."
    )
  })

  it("words refused sends, the response line, errors and view labels", () => {
    expect(sendRefusalText({ code: "not-connected" })).toBe("Connect first.")
    expect(sendRefusalText({ code: "empty" })).toBe("Type a message first.")
    expect(sendRefusalText({ code: "too-long", length: 25, limit: 20 })).toBe(
      "That message is 25 characters; the limit is 20."
    )
    expect(responseText({ kind: "none" })).toBe("Response will appear here")
    expect(responseText({ kind: "reply", text: "hi" })).toBe("Reply: hi")
    expect(errorText("plain")).toBe("plain")
    expect(viewLabel("popup")).toBe("Popup")
    expect(viewLabel("sidepanel")).toBe("Side panel")
    expect(viewLabel(undefined)).toBe("View")
  })
})

describe("the Ports panel's view lines", () => {
  const tab = { clientId: "t1", kind: "tab" as const, number: 1 }

  it("word a refusal as the background's log does, tab reasons included", () => {
    const line = (event: "left" | "refused", cause: string, origin?: string) =>
      lineText({
        kind: "view",
        key: "",
        at: 0,
        view: tab,
        event,
        cause,
        origin
      })
    expect(line("refused", "not-injected", "https://a.example")).toBe(
      "Refused a port from https://a.example (a tab the widget was not injected into)"
    )
    expect(line("left", "closed")).toBe("tab 1 left (its port closed)")
    expect(line("left", "constructor")).toBe("tab 1 left (constructor)")
    expect(refusalText("some-new-code")).toBe("some-new-code")
  })
})
