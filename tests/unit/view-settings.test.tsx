import { act, render, screen } from "@testing-library/react"
import userEvent from "@testing-library/user-event"
import { flushPorts } from "mv3-port/testing"

import { ConversationApp } from "~components/ConversationApp"
import { SETTINGS_KEY } from "~storage/settings"

import { FakeSync } from "./support/fake-settings"
import {
  chromeViews,
  createConversationWorker
} from "./support/test-conversation"

/** A popup on a fake worker, with its settings on `sync`. */
function renderPopup(sync: FakeSync) {
  chromeViews(createConversationWorker(), { sync })
  render(<ConversationApp kind="popup" />)
}

/** Lets storage reads, port deliveries and the renders they cause run. */
const settle = async () => {
  await act(() => new Promise((resolve) => setTimeout(resolve, 0)))
  await act(() => flushPorts())
}

const change = (settings: object) =>
  act(() => sync.emit({ [SETTINGS_KEY]: { newValue: settings } }))

let sync: FakeSync
beforeEach(() => (sync = new FakeSync()))
afterEach(() => delete document.documentElement.dataset.theme)

describe("a view and the options", () => {
  it("waits for Connect by default, as the tutorial does", async () => {
    renderPopup(sync)
    await settle()
    expect(screen.getByText("Disconnected")).toBeInTheDocument()
  })

  it("connects by itself when it opens with Connect automatically on", async () => {
    sync.items.set(SETTINGS_KEY, { autoConnect: true })
    renderPopup(sync)
    await settle()
    expect(screen.getByText("Connected")).toBeInTheDocument()
  })

  it("connects when the option is turned on while it is open and untouched", async () => {
    renderPopup(sync)
    await settle()
    await change({ autoConnect: true })
    await settle()
    expect(screen.getByText("Connected")).toBeInTheDocument()
  })

  it("stays disconnected after the user's Disconnect", async () => {
    sync.items.set(SETTINGS_KEY, { autoConnect: true })
    renderPopup(sync)
    await settle()
    await userEvent
      .setup()
      .click(screen.getByRole("button", { name: "Disconnect" }))
    await settle()
    await change({ autoConnect: false })
    await change({ autoConnect: true })
    await settle()
    expect(screen.getByText("Disconnected")).toBeInTheDocument()
  })

  it("takes the theme at once", async () => {
    renderPopup(sync)
    await settle()
    expect(document.documentElement.dataset.theme).toBeUndefined()
    await change({ theme: "dark" })
    expect(document.documentElement.dataset.theme).toBe("dark")
    await change({ theme: "light" })
    expect(document.documentElement.dataset.theme).toBe("light")
  })
})
