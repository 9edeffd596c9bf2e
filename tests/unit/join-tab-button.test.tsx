import { act, render, screen, waitFor } from "@testing-library/react"
import userEvent from "@testing-library/user-event"

import { JoinTabButton } from "~components/JoinTabButton"
import type { ClientMessage, ServerMessage } from "~protocol"

/** The popup's active tab, as `chrome.tabs.query` would report it. */
function stubChrome(
  tab: { id?: number; url?: string } | null,
  executeScript = jest.fn()
): void {
  ;(globalThis as { chrome?: unknown }).chrome = tab && {
    scripting: { executeScript },
    tabs: { query: () => Promise.resolve([tab]) }
  }
}

afterEach(() => {
  ;(globalThis as { chrome?: unknown }).chrome = undefined
})

/** The button on a connection whose posts are kept and whose answers the test gives. */
function renderButton(connected = true, onJoined = () => {}) {
  const posted: ClientMessage[] = []
  let hear: (message: ServerMessage) => void = () => {}
  render(
    <JoinTabButton
      connected={connected}
      post={(message) => posted.push(message) > 0}
      listen={(listener) => {
        hear = listener
        return () => {}
      }}
      onJoined={onJoined}
    />
  )
  return {
    posted,
    button: screen.getByRole("button", { name: "Join from this tab" }),
    // As the port delivers it: a task of its own, whose renders act() lets run.
    answer: (message: ServerMessage) => act(() => hear(message))
  }
}

describe("JoinTabButton", () => {
  it("asks the background to join the active tab, and says when it did", async () => {
    stubChrome({ id: 5, url: "https://example.com/" })
    const onJoined = jest.fn()
    const { button, posted, answer } = renderButton(true, onJoined)
    await waitFor(() => expect(button).toBeEnabled())
    await userEvent.click(button)
    expect(posted).toEqual([
      { type: "join-tab", id: expect.any(String), tabId: 5 }
    ])
    expect(screen.getByText("Joining…")).toBeInTheDocument()
    answer({ type: "tab-joined", id: "someone-else", tabId: 5 })
    expect(screen.getByText("Joining…")).toBeInTheDocument()
    answer({
      type: "tab-joined",
      id: (posted[0] as { id: string }).id,
      tabId: 5
    })
    expect(
      await screen.findByText("The widget is on this page.")
    ).toBeInTheDocument()
    expect(onJoined).toHaveBeenCalledTimes(1)
  })

  it("does not call it joined before the background says so", async () => {
    stubChrome({ id: 5, url: "https://example.com/" })
    const onJoined = jest.fn()
    const { button, posted, answer } = renderButton(true, onJoined)
    await waitFor(() => expect(button).toBeEnabled())
    await userEvent.click(button)
    answer({
      type: "error",
      id: (posted[0] as { id: string }).id,
      code: "join-failed"
    })
    await screen.findByRole("alert")
    expect(onJoined).not.toHaveBeenCalled()
  })

  // Chrome 156 shows no URL for its own pages, even under the activeTab
  // grant: a no-op script's refusal tells what the page is.
  it.each([
    [
      "Cannot access a chrome:// URL",
      "The browser's own pages cannot be joined."
    ],
    [
      "Cannot access a chrome-extension:// URL of different extension",
      "The browser's own pages cannot be joined."
    ],
    [
      "The extensions gallery cannot be scripted.",
      "Extension stores let no extension into their pages."
    ],
    [
      "Cannot access contents of the page. Extension manifest must request permission to access the respective host.",
      "Open the popup on a web page to join it."
    ]
  ])("without a URL, reads Chrome's refusal %j", async (refusal, why) => {
    const executeScript = jest.fn().mockRejectedValue(new Error(refusal))
    stubChrome({ id: 5 }, executeScript)
    const { button } = renderButton()
    expect(await screen.findByText(why)).toBeInTheDocument()
    expect(button).toBeDisabled()
    expect(executeScript).toHaveBeenCalledWith({
      target: { tabId: 5 },
      func: expect.any(Function)
    })
  })

  it("without a URL but with access, judges the URL the page gives", async () => {
    const executeScript = jest
      .fn()
      .mockResolvedValue([{ result: "https://example.com/" }])
    stubChrome({ id: 5 }, executeScript)
    const { button } = renderButton()
    await waitFor(() => expect(button).toBeEnabled())
  })

  it.each([
    ["chrome://extensions/", "The browser's own pages cannot be joined."],
    [
      "https://chromewebstore.google.com/",
      "Extension stores let no extension into their pages."
    ],
    ["about:blank", "The browser's own pages cannot be joined."]
  ])("stays disabled on %s and says why", async (url, why) => {
    stubChrome({ id: 5, url })
    const { button } = renderButton()
    expect(await screen.findByText(why)).toBeInTheDocument()
    expect(button).toBeDisabled()
  })

  it("shows a failed injection as the background's error, worded", async () => {
    stubChrome({ id: 5, url: "https://example.com/" })
    const { button, posted, answer } = renderButton()
    await waitFor(() => expect(button).toBeEnabled())
    await userEvent.click(button)
    const { id } = posted[0] as { id: string }
    answer({ type: "error", id, code: "join-failed" })
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Could not join: The browser did not let the extension into this page."
    )
    expect(button).toBeEnabled()
  })

  it("can ask again when no answer came (the worker stopped mid-join)", async () => {
    stubChrome({ id: 5, url: "https://example.com/" })
    const { button, posted } = renderButton()
    await waitFor(() => expect(button).toBeEnabled())
    await userEvent.click(button)
    await userEvent.click(button)
    expect(posted).toHaveLength(2)
    const [first, second] = posted as Array<{ id: string }>
    expect(first.id).not.toBe(second.id)
  })

  it("waits for the connection before it can join", async () => {
    stubChrome({ id: 5, url: "https://example.com/" })
    const { button } = renderButton(false)
    expect(
      await screen.findByText("Connect first to join this tab.")
    ).toBeInTheDocument()
    expect(button).toBeDisabled()
  })

  it("says so where the browser cannot inject scripts", () => {
    stubChrome(null)
    const { button } = renderButton()
    expect(
      screen.getByText("This browser cannot inject the widget.")
    ).toBeInTheDocument()
    expect(button).toBeDisabled()
  })
})
