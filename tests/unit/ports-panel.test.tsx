import { act, fireEvent, render, screen } from "@testing-library/react"
import { flushPorts } from "mv3-port/testing"

import { PortsPanel } from "~components/inspector/PortsPanel"
import { createConversationClient } from "~views/conversation-client"

import { clientOptions } from "./support/client-options"
import { FakeBackground } from "./support/fake-background"
import { hello } from "./support/view-end"

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

/** Lets port deliveries, the mirror's batches and the renders they cause run. */
async function settle(): Promise<void> {
  for (let round = 0; round < 3; round++) {
    await act(async () => {
      await flushPorts()
      jest.advanceTimersByTime(100)
    })
  }
}

function renderPanel(background = new FakeBackground()) {
  const create = () =>
    createConversationClient(
      clientOptions(background.connect, {
        kind: "devtools",
        clientId: "panel-1"
      })
    )
  render(<PortsPanel create={create} />)
  return background
}

const messageRows = () => [
  ...document.querySelectorAll("#traffic tr[data-kind=message]")
]

describe("the Ports panel", () => {
  it("connects on its own and lists what the popup sends, as text", async () => {
    const background = renderPanel()
    await settle()
    expect(screen.getByText("Connected")).toBeTruthy()
    expect(screen.getByText(/1 view connected \(DevTools 1\)/)).toBeTruthy()
    const popup = await act(() => hello(background, "p1"))
    popup.request("send", { id: "x1", text: "<b>bold?</b>" })
    await settle()
    const send = messageRows().find(
      (row) => row.getAttribute("data-type") === "send"
    )!
    expect(send.querySelector(".traffic-view")!.textContent).toBe("popup 1")
    expect(send.querySelector(".traffic-preview")!.textContent).toContain(
      "<b>bold?</b>"
    )
    expect(document.querySelector("#traffic b")).toBeNull()
    expect(screen.getByText("popup 1 joined")).toBeTruthy()
  })

  it("pauses, filters by type, and clears its own list", async () => {
    const background = renderPanel()
    await settle()
    const popup = await act(() => hello(background, "p1"))
    popup.raw({ k: "ping" })
    await settle()
    fireEvent.change(screen.getByLabelText("Type"), {
      target: { value: "ping" }
    })
    expect(
      messageRows().every((row) => row.getAttribute("data-type") === "ping")
    ).toBe(true)
    expect(messageRows().length).toBeGreaterThan(0)
    fireEvent.click(screen.getByRole("button", { name: "Pause" }))
    popup.raw({ k: "ping" })
    await settle()
    expect(
      screen.getByText(/2 messages not recorded while paused/)
    ).toBeTruthy()
    fireEvent.click(screen.getByRole("button", { name: "Resume" }))
    fireEvent.click(screen.getByRole("button", { name: "Clear" }))
    expect(messageRows()).toHaveLength(0)
    expect(screen.getByText(/^0 rows$/)).toBeTruthy()
  })
})
