import { act, render, screen, waitFor } from "@testing-library/react"
import userEvent from "@testing-library/user-event"
import { PortError } from "mv3-port"

import { JoinTabButton } from "~components/JoinTabButton"

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

/** One `joinTab` request: its tab, and how the test answers it. */
interface Asked {
  tabId: number
  resolve(): void
  reject(error: PortError): void
}

/** The button on a connection whose join requests the test answers. */
function renderButton(connected = true, onJoined = () => {}) {
  const asked: Asked[] = []
  const joinTab = (tabId: number) =>
    new Promise<unknown>((resolve, reject) =>
      asked.push({ tabId, resolve: () => resolve({ tabId }), reject })
    )
  render(
    <JoinTabButton
      connected={connected}
      joinTab={joinTab}
      onJoined={onJoined}
    />
  )
  return {
    asked,
    button: screen.getByRole("button", { name: "Join from this tab" }),
    // As the port delivers it: a task of its own, whose renders act() lets run.
    answer: (request: Asked, error?: PortError) =>
      act(async () => (error ? request.reject(error) : request.resolve()))
  }
}

describe("JoinTabButton", () => {
  it("asks the background to join the active tab, and says when it did", async () => {
    stubChrome({ id: 5, url: "https://example.com/" })
    const onJoined = jest.fn()
    const { button, asked, answer } = renderButton(true, onJoined)
    await waitFor(() => expect(button).toBeEnabled())
    await userEvent.click(button)
    expect(asked.map((a) => a.tabId)).toEqual([5])
    expect(screen.getByText("Joining…")).toBeInTheDocument()
    await answer(asked[0])
    expect(
      await screen.findByText("The widget is on this page.")
    ).toBeInTheDocument()
    expect(onJoined).toHaveBeenCalledTimes(1)
  })

  it("does not call it joined before the background says so", async () => {
    stubChrome({ id: 5, url: "https://example.com/" })
    const onJoined = jest.fn()
    const { button, asked, answer } = renderButton(true, onJoined)
    await waitFor(() => expect(button).toBeEnabled())
    await userEvent.click(button)
    await answer(asked[0], new PortError("join-failed"))
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
    const { button, asked, answer } = renderButton()
    await waitFor(() => expect(button).toBeEnabled())
    await userEvent.click(button)
    await answer(asked[0], new PortError("join-failed"))
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Could not join: The browser did not let the extension into this page."
    )
    expect(button).toBeEnabled()
  })

  it("can ask again when no answer came (the worker stopped mid-join)", async () => {
    stubChrome({ id: 5, url: "https://example.com/" })
    const { button, asked, answer } = renderButton()
    await waitFor(() => expect(button).toBeEnabled())
    await userEvent.click(button)
    await userEvent.click(button)
    expect(asked).toHaveLength(2)
    // Only the latest request's answer counts.
    await answer(asked[0], new PortError("join-failed"))
    expect(screen.getByText("Joining…")).toBeInTheDocument()
    await answer(asked[1])
    expect(
      await screen.findByText("The widget is on this page.")
    ).toBeInTheDocument()
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
