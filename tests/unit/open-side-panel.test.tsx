import { render, screen, waitFor } from "@testing-library/react"
import userEvent from "@testing-library/user-event"

import { OpenSidePanelButton } from "~components/OpenSidePanelButton"

type ChromeStub = {
  windows: { getCurrent: () => Promise<{ id?: number }> }
  sidePanel?: { open: jest.Mock }
}

function stubChrome(chrome: ChromeStub | undefined): void {
  ;(globalThis as { chrome?: unknown }).chrome = chrome
}

afterEach(() => stubChrome(undefined))

describe("OpenSidePanelButton", () => {
  it("opens the side panel of this window from the click itself", async () => {
    const open = jest.fn(() => Promise.resolve())
    stubChrome({
      windows: { getCurrent: () => Promise.resolve({ id: 7 }) },
      sidePanel: { open }
    })
    render(<OpenSidePanelButton />)
    const button = screen.getByRole("button", { name: "Open side panel" })
    // Enabled only once the window id is known, so the click can call
    // sidePanel.open synchronously (it needs the user's gesture).
    await waitFor(() => expect(button).toBeEnabled())
    await userEvent.click(button)
    expect(open).toHaveBeenCalledWith({ windowId: 7 })
  })

  it("says why when the side panel could not be opened", async () => {
    stubChrome({
      windows: { getCurrent: () => Promise.resolve({ id: 7 }) },
      sidePanel: {
        open: jest.fn(() => Promise.reject(new Error("No active side panel")))
      }
    })
    render(<OpenSidePanelButton />)
    const button = screen.getByRole("button", { name: "Open side panel" })
    await waitFor(() => expect(button).toBeEnabled())
    await userEvent.click(button)
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Could not open the side panel: No active side panel"
    )
  })

  it("says why the button stays disabled when this window cannot be found", async () => {
    stubChrome({
      windows: {
        getCurrent: () => Promise.reject(new Error("No current window"))
      },
      sidePanel: { open: jest.fn() }
    })
    render(<OpenSidePanelButton />)
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Could not open the side panel: No current window"
    )
    expect(
      screen.getByRole("button", { name: "Open side panel" })
    ).toBeDisabled()
  })

  it("offers no button where the browser has no side panel (Firefox)", () => {
    stubChrome({ windows: { getCurrent: () => Promise.resolve({ id: 1 }) } })
    render(<OpenSidePanelButton />)
    expect(screen.queryByRole("button")).toBeNull()
    expect(
      screen.getByText("This browser has no side panel.")
    ).toBeInTheDocument()
  })
})
