import { act, render, screen, waitFor } from "@testing-library/react"
import userEvent from "@testing-library/user-event"
import { flushPorts } from "mv3-port/testing"

import { ConversationApp } from "~components/ConversationApp"
import { TimelineExport } from "~components/TimelineExport"
import type { LogEntry } from "~protocol"
import { downloadText } from "~views/download"

import { createConversationWorker } from "./support/conversation-worker"
import { chromeViews } from "./support/test-conversation"

// The files are caught where the view hands them to the browser.
jest.mock("~views/download", () => ({
  ...jest.requireActual("~views/download"),
  downloadText: jest.fn()
}))
const saved = jest.mocked(downloadText)

const AT = Date.UTC(2026, 11, 3, 10, 20, 30)

const entry = (seq: number, text: string): LogEntry => ({
  id: `id-${seq}`,
  seq,
  at: AT - 1000 + seq,
  from: { clientId: "abcdef0123456789", kind: "sidepanel" },
  text,
  reply: `Background received: "${text}"`
})

const buttons = () => ({
  json: screen.getByRole("button", { name: "Export JSON" }),
  text: screen.getByRole("button", { name: "Export text" })
})

/** The one file saved since the last check: its name, its content, its type. */
function lastFile() {
  expect(saved).toHaveBeenCalledTimes(1)
  const [name, content, type] = saved.mock.calls[0]
  saved.mockClear()
  return { name, content, type }
}

describe("TimelineExport", () => {
  // The file names come from the clock: a fixed one, for these tests alone.
  let clock: jest.SpyInstance
  beforeEach(() => (clock = jest.spyOn(Date, "now").mockReturnValue(AT)))
  afterEach(() => clock.mockRestore())

  it("saves the whole log as JSON and as text, named by the time", async () => {
    const user = userEvent.setup()
    const log = { entries: [entry(1, 'say "hi"'), entry(2, "two")], dropped: 0 }
    render(<TimelineExport log={log} />)
    expect(
      screen.getByRole("group", { name: "Export the conversation" })
    ).toBeInTheDocument()

    await user.click(buttons().json)
    const json = lastFile()
    expect(json.name).toBe("conversation-2026-12-03T10-20-30.json")
    expect(json.type).toBe("application/json")
    const parsed = JSON.parse(json.content)
    expect(parsed.format).toBe("conversation-log/1")
    expect(parsed.entries.map((e: { text: string }) => e.text)).toEqual([
      'say "hi"',
      "two"
    ])

    await user.click(buttons().text)
    const text = lastFile()
    expect(text.name).toBe("conversation-2026-12-03T10-20-30.txt")
    expect(text.type).toBe("text/plain;charset=utf-8")
    expect(text.content.split("\n")[1]).toBe(
      '2026-12-03T10:20:29.001Z sidepanel/abcdef01 → say "hi"'
    )
  })

  it("works from the keyboard", async () => {
    const user = userEvent.setup()
    render(<TimelineExport log={{ entries: [entry(1, "k")], dropped: 0 }} />)
    await user.tab()
    expect(buttons().json).toHaveFocus()
    await user.keyboard("{Enter}")
    expect(lastFile().name).toMatch(/\.json$/)
    await user.tab()
    expect(buttons().text).toHaveFocus()
    await user.keyboard(" ")
    expect(lastFile().name).toMatch(/\.txt$/)
  })

  it("is disabled on an empty log, and says why", () => {
    render(<TimelineExport log={{ entries: [], dropped: 4 }} />)
    for (const button of Object.values(buttons())) {
      expect(button).toBeDisabled()
      expect(button).toHaveAccessibleDescription("Nothing to export yet.")
    }
    expect(screen.getByText("Nothing to export yet.")).toBeVisible()
  })
})

describe("Export in the popup", () => {
  it("is off until the log has an entry, then saves it, connected or not", async () => {
    const user = userEvent.setup()
    const background = createConversationWorker({ maxTextLength: 40 })
    chromeViews(background, { overrides: { maxMessageLength: 40 } })
    render(<ConversationApp kind="popup" />)
    expect(buttons().json).toBeDisabled()

    await user.click(screen.getByRole("button", { name: "Connect" }))
    await act(() => flushPorts())
    await user.type(
      screen.getByRole("textbox", { name: "Message" }),
      '<img src=x onerror="x()">{Enter}'
    )
    await act(() => flushPorts())
    // The timeline draws a burst once a frame: wait for the entry's draw.
    await waitFor(() => expect(buttons().json).toBeEnabled())

    // The log is the view's own copy: saving it needs no connection.
    await user.click(screen.getByRole("button", { name: "Disconnect" }))
    await act(() => flushPorts())
    await user.click(buttons().json)
    const [exported] = JSON.parse(lastFile().content).entries
    expect(exported).toMatchObject({
      kind: "message",
      from: { kind: "popup" },
      text: '<img src=x onerror="x()">'
    })
    expect(document.querySelector("img")).toBeNull()
  })
})
