import { act, fireEvent, render, screen } from "@testing-library/react"
import userEvent from "@testing-library/user-event"
import { createPortPair, flushPorts, type FakePortEnd } from "mv3-port/testing"
import { useEffect } from "react"

import { ConversationApp } from "~components/ConversationApp"
import { useConnection } from "~hooks/useConnection"
import type { ConversationClient } from "~views/conversation"
import type { LogChange } from "~views/log-feed"

import {
  chromeViews,
  createConversationWorker,
  type ConversationWorker
} from "./support/test-conversation"

/** This view's rows in the timeline, oldest first. */
const ownRows = (selector = "") =>
  document.querySelectorAll(`#log li.log-own${selector}`)

async function renderView(
  background: ConversationWorker = createConversationWorker(),
  connect: () => FakePortEnd = background.connect,
  reconnectMaxAttempts = 2
) {
  const chrome = chromeViews(background, {
    connect,
    overrides: { reconnectMaxAttempts }
  })
  const view = render(<ConversationApp kind="popup" />)
  // The settings' read from storage lands inside act().
  await settle()
  const [controller] = chrome.views as ConversationClient[]
  return { background, view, controller }
}

const controls = () => ({
  connect: screen.getByRole("button", { name: "Connect" }),
  disconnect: screen.getByRole("button", { name: "Disconnect" }),
  input: screen.getByRole("textbox", { name: "Message" }),
  send: screen.getByRole("button", { name: "Send" })
})

/** Lets port deliveries and the renders they cause run. */
const settle = () => act(() => flushPorts())

function expectGating(state: {
  connect: boolean
  disconnect: boolean
  input: boolean
  send: boolean
}) {
  const c = controls()
  expect({
    connect: !(c.connect as HTMLButtonElement).disabled,
    disconnect: !(c.disconnect as HTMLButtonElement).disabled,
    input: !(c.input as HTMLInputElement).disabled,
    send: !(c.send as HTMLButtonElement).disabled
  }).toEqual(state)
}

describe("ConversationView", () => {
  it("starts as the tutorial's popup: only Connect enabled", async () => {
    await renderView()
    expect(
      screen.getByRole("heading", { name: "Message Background" })
    ).toBeInTheDocument()
    expect(controls().input).toHaveAttribute("placeholder", "Type a message")
    expect(controls().input).toHaveAttribute("id", "messageInput")
    expect(document.querySelector("#response")).toHaveTextContent(
      "Response will appear here"
    )
    expect(document.querySelector("#response")).toHaveAttribute(
      "aria-live",
      "polite"
    )
    expectGating({
      connect: true,
      disconnect: false,
      input: false,
      send: false
    })
    expect(screen.getByText("Disconnected")).toBeInTheDocument()
  })

  it("flips the gating on Connect and shows a reply after Send", async () => {
    const user = userEvent.setup()
    await renderView()
    await user.click(controls().connect)
    await settle()
    expect(screen.getByText("Connected")).toBeInTheDocument()
    expectGating({ connect: false, disconnect: true, input: true, send: true })
    await user.type(controls().input, "  hello  ")
    await user.click(controls().send)
    await settle()
    expect(document.querySelector("#response")).toHaveTextContent(
      'Reply: Background received: "hello"'
    )
    expect(controls().input).toHaveValue("")
  })

  it("sends with Enter", async () => {
    const user = userEvent.setup()
    await renderView()
    await user.click(controls().connect)
    await settle()
    await user.type(controls().input, "enter{Enter}")
    await settle()
    expect(document.querySelector("#response")).toHaveTextContent(
      'Reply: Background received: "enter"'
    )
  })

  it("says why inline when the message is empty, and sends nothing", async () => {
    const user = userEvent.setup()
    const alert = jest.spyOn(window, "alert").mockImplementation(() => {})
    const { background } = await renderView()
    await user.click(controls().connect)
    await settle()
    await user.type(controls().input, "   ")
    await user.click(controls().send)
    await settle()
    expect(screen.getByRole("alert")).toHaveTextContent("Type a message first.")
    expect(alert).not.toHaveBeenCalled()
    expect(background.requests).toEqual([])
  })

  it("stops input at the limit and says so", async () => {
    const user = userEvent.setup()
    await renderView()
    await user.click(controls().connect)
    await settle()
    await user.type(controls().input, "x".repeat(25))
    expect(controls().input).toHaveValue("x".repeat(20))
    expect(document.querySelector("#counter")).toHaveTextContent(
      "20/20 — messages are limited to 20 characters"
    )
  })

  it("while Connecting… lets the user queue a message or Disconnect, not Connect twice", async () => {
    const user = userEvent.setup()
    // A background that takes the port and never welcomes it.
    const pair = createPortPair()
    await renderView(undefined, () => pair.client)
    await user.click(controls().connect)
    await settle()
    expect(screen.getByText("Connecting…")).toBeInTheDocument()
    expectGating({ connect: false, disconnect: true, input: true, send: true })
    await user.type(controls().input, "early{Enter}")
    await settle()
    expect(screen.getByText("early")).toBeInTheDocument()
    expect(document.querySelector("#response")).toHaveTextContent(
      "Response will appear here"
    )
    await user.click(controls().disconnect)
    await settle()
    expect(pair.client.closed).toBe(true)
    expectGating({
      connect: true,
      disconnect: false,
      input: false,
      send: false
    })
  })

  it("returns to the initial gating on Disconnect, and Connect works again", async () => {
    const user = userEvent.setup()
    const { background } = await renderView()
    for (let i = 0; i < 2; i++) {
      await user.click(controls().connect)
      await settle()
      await user.click(controls().disconnect)
      await settle()
      expectGating({
        connect: true,
        disconnect: false,
        input: false,
        send: false
      })
    }
    expect(background.clients.every((end) => end.closed)).toBe(true)
    expect(screen.getByText(/You disconnected/)).toBeInTheDocument()
  })

  it("shows Reconnecting while the background is away, then Connected", async () => {
    const user = userEvent.setup()
    // Patient enough that a loaded machine never sees it give up first.
    const { background } = await renderView(undefined, undefined, 8)
    await user.click(controls().connect)
    await settle()
    background.reachable = false
    await act(async () => {
      background.worker.stop()
      await flushPorts()
    })
    expect(
      screen.getByText(/^Reconnecting… \(attempt \d\)$/)
    ).toBeInTheDocument()
    expect(screen.getByText(/Background disconnected/)).toBeInTheDocument()
    // Send queues while reconnecting; Disconnect still works.
    expectGating({ connect: false, disconnect: true, input: true, send: true })
    background.reachable = true
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 150))
      await flushPorts()
    })
    expect(screen.getByText("Connected")).toBeInTheDocument()
  })

  it("shows a message sent before the background answers at once, then replied in place", async () => {
    const user = userEvent.setup()
    await renderView()
    // Connecting: the fake ports deliver nothing until they are flushed.
    await user.click(controls().connect)
    fireEvent.change(controls().input, { target: { value: "early" } })
    fireEvent.submit(controls().input.closest("form")!)
    const row = () => ownRows()[0]
    expect(ownRows()).toHaveLength(1)
    // Posted right behind the hello, before any answer.
    expect(row()).toHaveAttribute("data-state", "sending")
    expect(row().querySelector(".log-delivery")).toHaveTextContent("sending…")
    expect(row().querySelector(".log-in")).toBeNull()
    const before = row()
    await settle()
    await act(() => new Promise((resolve) => setTimeout(resolve, 20)))
    expect(ownRows()).toHaveLength(1)
    // The same row, now recorded: the reply sits under the message.
    expect(row()).toBe(before)
    expect(row()).toHaveAttribute("data-state", "replied")
    expect(row().querySelector(".log-in")).toHaveTextContent(
      'Background received: "early"'
    )
  })

  it("gives the input focus once connected, and lets its arrow and page keys scroll the timeline", async () => {
    const user = userEvent.setup()
    await renderView()
    await user.click(controls().connect)
    await settle()
    expect(controls().input).toHaveFocus()
    const list = screen.getByRole("list", { name: "Conversation entries" })
    const scrollBy = jest.fn()
    list.scrollBy = scrollBy
    Object.defineProperty(list, "clientHeight", { value: 300 })
    await user.keyboard("{ArrowUp}{PageDown}")
    expect(scrollBy.mock.calls).toEqual([[{ top: -40 }], [{ top: 260 }]])
    expect(controls().input).toHaveFocus()
  })

  it("shows Failed and offers Connect when reconnecting gives up", async () => {
    const user = userEvent.setup()
    const { background } = await renderView()
    await user.click(controls().connect)
    await settle()
    await user.type(controls().input, "pending")
    background.reachable = false
    await act(async () => {
      background.worker.stop()
      await flushPorts()
    })
    await user.click(controls().send)
    // Two reconnect attempts on real timers (100 then 200 ms, jittered): a
    // loaded machine stretches them, so wait for the outcome, not a time.
    expect(
      await screen.findByText("Failed", {}, { timeout: 4000 })
    ).toBeInTheDocument()
    await act(() => flushPorts())
    expectGating({
      connect: true,
      disconnect: false,
      input: false,
      send: false
    })
    const failed = ownRows('[data-state="failed"]')[0]
    expect(failed).toHaveTextContent("pending")
    expect(
      screen.getByRole("button", { name: "Retry “pending”" })
    ).toBeDisabled()
  })

  it("renders hostile text as text", async () => {
    const user = userEvent.setup()
    await renderView(createConversationWorker({ maxTextLength: 200 }))
    await user.click(controls().connect)
    await settle()
    const payload = '<img src=x onerror="window.__xss=1">'
    await user.type(controls().input, payload.slice(0, 20))
    await user.click(controls().send)
    await settle()
    expect(document.querySelector("#response img")).toBeNull()
    expect(document.querySelector("#log img")).toBeNull()
  })

  it("shows how many times each message was posted (data-attempts)", async () => {
    const user = userEvent.setup()
    const { background, controller } = await renderView()
    await user.click(controls().connect)
    await settle()
    act(() => void controller.send("once"))
    await settle()
    // Lost in transit: the worker stops before it reads "twice".
    act(() => {
      controller.send("twice")
      background.worker.stop()
    })
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 150))
      await flushPorts()
    })
    const item = (text: string) =>
      [...ownRows()].find(
        (li) => li.querySelector(".log-out")?.textContent === `→ ${text}`
      )
    expect(item("once")).toHaveAttribute("data-attempts", "1")
    expect(item("twice")).toHaveAttribute("data-state", "replied")
    expect(item("twice")).toHaveAttribute("data-attempts", "2")
  })

  it("lists the newest failed messages and says how many older ones are not shown", async () => {
    const user = userEvent.setup()
    const { background, controller } = await renderView()
    await user.click(controls().connect)
    await settle()
    background.reachable = false
    await act(async () => {
      background.worker.stop()
      await flushPorts()
      // Reconnecting now: 5 queue up; the other 60 overflow the queue and fail.
      for (let i = 1; i <= 65; i++) controller.send(`q${i}`)
    })
    expect(ownRows('[data-state="failed"]')).toHaveLength(50)
    expect(document.querySelector("#hiddenFailed")).toHaveTextContent(
      "10 older failed messages are not shown"
    )
    expect(document.querySelector("#totals")).toHaveTextContent(
      "65 sent · 0 replied · 60 failed"
    )
  })

  it("disables Retry after Disconnect and enables it again on Connect", async () => {
    const user = userEvent.setup()
    const { controller } = await renderView()
    // Queued while connecting, then Disconnect before the welcome.
    act(() => {
      controller.connect()
      controller.send("waiting")
      controller.disconnect()
    })
    await settle()
    const retry = () => screen.getByRole("button", { name: "Retry “waiting”" })
    expect(ownRows()[0]).toHaveTextContent("Disconnected before a reply.")
    expect(retry()).toBeDisabled()
    await user.click(controls().connect)
    await settle()
    expect(retry()).toBeEnabled()
    await user.click(retry())
    await settle()
    expect(ownRows()).toHaveLength(1)
    expect(ownRows()[0]).toHaveAttribute("data-state", "replied")
  })
})

describe("a streamed reply", () => {
  const wait = (ms: number) =>
    act(async () => {
      await new Promise((resolve) => setTimeout(resolve, ms))
      await flushPorts(40)
    })
  const response = () => document.querySelector("#response")?.textContent

  it("grows in #response and under its message, and Stop keeps what arrived", async () => {
    const user = userEvent.setup()
    await renderView(
      createConversationWorker({ maxTextLength: 200, chunkMs: 20 })
    )
    await user.click(controls().connect)
    await settle()
    const stop = screen.getByRole("button", { name: "Stop" })
    expect(stop).toBeDisabled()
    await user.click(screen.getByRole("checkbox", { name: "Stream the reply" }))
    // 19 characters: the harness limits messages to 20.
    const full = 'Background received: "a b c d e f g h i j"'
    await user.type(controls().input, "a b c d e f g h i j{Enter}")
    await wait(130)
    const partial = response()!.slice("Reply: ".length)
    expect(partial.length).toBeGreaterThan(0)
    expect(full.startsWith(partial)).toBe(true)
    expect(partial.length).toBeLessThan(full.length)
    // Under its message too (drawn within a frame of #response).
    const shown = ownRows()[0].querySelector(".log-in")!.textContent!.slice(2)
    expect(shown.length).toBeGreaterThan(0)
    expect(full.startsWith(shown)).toBe(true)
    expect(stop).toBeEnabled()
    await user.click(stop)
    await wait(60)
    expect(response()).toMatch(/^Reply: Background received: .* \(stopped\)$/)
    expect(ownRows()).toHaveLength(1)
    expect(ownRows()[0].querySelector(".log-delivery")).toHaveTextContent(
      /· stopped$/
    )
    expect(stop).toBeDisabled()
  })

  it("ends exactly as a normal reply after the worker stops mid-stream, posted once", async () => {
    const user = userEvent.setup()
    const { background } = await renderView(
      createConversationWorker({ maxTextLength: 200, chunkMs: 20 })
    )
    await user.click(controls().connect)
    await settle()
    await user.click(screen.getByRole("checkbox", { name: "Stream the reply" }))
    await user.type(controls().input, "one two three four{Enter}")
    await wait(50)
    const before = response()!
    expect(before.length).toBeGreaterThan("Reply: ".length)
    background.worker.stop()
    await wait(600)
    expect(response()).toBe('Reply: Background received: "one two three four"')
    expect(background.log).toHaveLength(1)
    expect(ownRows()).toHaveLength(1)
    expect(ownRows()[0]).toHaveAttribute("data-state", "replied")
  })
})

describe("useConnection", () => {
  it("tells the log of each (re)connect and of its own replies", async () => {
    chromeViews(createConversationWorker())
    const heard: Array<LogChange["kind"]> = []
    function Harness() {
      const connection = useConnection("popup")
      const { onLog } = connection
      useEffect(() => onLog((change) => void heard.push(change.kind)), [onLog])
      return (
        <>
          <button type="button" onClick={connection.connect}>
            Connect
          </button>
          <button type="button" onClick={() => connection.send("hi")}>
            Send
          </button>
        </>
      )
    }
    const user = userEvent.setup()
    render(<Harness />)
    await user.click(screen.getByRole("button", { name: "Connect" }))
    await settle()
    await user.click(screen.getByRole("button", { name: "Send" }))
    await settle()
    expect(heard).toEqual(["reload", "entry"])
  })
})
