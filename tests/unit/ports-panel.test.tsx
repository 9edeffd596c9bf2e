import { act, fireEvent, render, screen } from "@testing-library/react"
import { flushPorts } from "mv3-port/testing"

import { PortsPanel } from "~components/inspector/PortsPanel"
import type { MessageRow, ViewLine } from "~protocol"

import { messageRow as message, popup } from "./support/inspector-rows"
import { createConversationWorker } from "./support/test-conversation"

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

/** Lets port deliveries and the renders they cause run. */
async function settle(): Promise<void> {
  for (let round = 0; round < 3; round++) {
    await act(async () => {
      await flushPorts()
      jest.advanceTimersByTime(100)
    })
  }
}

/** The panel on a fake worker: its `chrome.runtime.connect` opens a fake port to it. */
function renderPanel() {
  const worker = createConversationWorker()
  globalThis.chrome = {
    runtime: { id: "test-extension", connect: () => worker.connect() }
  } as unknown as typeof chrome
  render(<PortsPanel />)
  /** The worker mirrors these rows to the panel. */
  const mirror = (messages: MessageRow[], views: ViewLine[] = []) =>
    act(async () => worker.mirror({ messages, views, dropped: 0 }))
  return { worker, mirror }
}

const messageRows = () => [
  ...document.querySelectorAll("#traffic tr[data-kind=message]")
]

describe("the Ports panel", () => {
  it("connects on its own and lists what the worker mirrors, as text", async () => {
    const { mirror } = renderPanel()
    await settle()
    expect(screen.getByText("Connected")).toBeTruthy()
    expect(screen.getByText(/1 view connected \(DevTools 1\)/)).toBeTruthy()
    await mirror(
      [message(2, { id: "x1", preview: '{"text":"<b>bold?</b>"}' })],
      [{ seq: 1, at: 1_001, view: popup, event: "joined" }]
    )
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
    const { mirror } = renderPanel()
    await settle()
    await mirror([message(1, { type: "ping" }), message(2)])
    await settle()
    fireEvent.change(screen.getByLabelText("Type"), {
      target: { value: "ping" }
    })
    expect(
      messageRows().every((row) => row.getAttribute("data-type") === "ping")
    ).toBe(true)
    expect(messageRows().length).toBeGreaterThan(0)
    fireEvent.click(screen.getByRole("button", { name: "Pause" }))
    await mirror([message(3, { type: "ping" }), message(4, { type: "ping" })])
    await settle()
    expect(
      screen.getByText(/2 messages not recorded while paused/)
    ).toBeTruthy()
    fireEvent.click(screen.getByRole("button", { name: "Resume" }))
    fireEvent.click(screen.getByRole("button", { name: "Clear" }))
    expect(messageRows()).toHaveLength(0)
    expect(screen.getByText(/^0 rows$/)).toBeTruthy()
  })

  it("marks a drop of its own port, which is how a stopped worker shows", async () => {
    const { worker } = renderPanel()
    await settle()
    act(() => worker.worker.stop())
    await settle()
    expect(
      document.querySelector("#traffic [data-kind=worker-lost]")
    ).toBeTruthy()
  })
})
