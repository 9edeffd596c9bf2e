import type { PortClientState } from "mv3-port"

import { mountWidget, type WidgetClient } from "~tab-widget/widget-view"
import type { ConversationSnapshot } from "~views/conversation-types"

const CONNECTED: ConversationSnapshot = {
  status: "connected",
  response: { kind: "none" },
  notice: null,
  messages: [],
  hiddenFailed: 0,
  totals: { sent: 0, replied: 0, failed: 0 },
  presence: null,
  canSend: true,
  streaming: null,
  uploading: null
}

/** A client whose snapshot the test sets; what the widget sends is kept. */
function fakeClient() {
  let snapshot = CONNECTED
  let state: PortClientState = { status: "connected", attempt: 0, cause: null }
  const listeners = new Set<() => void>()
  const sent: string[] = []
  const client: WidgetClient = {
    getSnapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    send(text) {
      sent.push(text)
      return { ok: true }
    },
    port: {
      get state() {
        return state
      }
    }
  }
  const set = (
    change: Partial<ConversationSnapshot>,
    port: Partial<PortClientState> = {}
  ) => {
    snapshot = { ...snapshot, ...change }
    state = { ...state, ...port }
    for (const listener of listeners) listener()
  }
  return { client, sent, set, listeners }
}

/** The widget's shadow root, which a test (unlike the page) can get at by keeping it. */
function mount() {
  const roots: ShadowRoot[] = []
  const attach = Element.prototype.attachShadow
  jest.spyOn(Element.prototype, "attachShadow").mockImplementation(function (
    this: Element,
    init
  ) {
    const root = attach.call(this, init)
    roots.push(root)
    return root
  })
  const fake = fakeClient()
  const onClose = jest.fn()
  const view = mountWidget(document, fake.client, { maxLength: 20, onClose })
  jest.restoreAllMocks()
  const host = document.querySelector("popup-to-background-widget")!
  return { ...fake, view, onClose, host, root: roots[0] }
}

afterEach(() => document.body.replaceChildren())

describe("the tab's widget", () => {
  it("lives in a closed shadow root, out of the page's reach", () => {
    const { host, root } = mount()
    expect(host.shadowRoot).toBeNull()
    expect(host.textContent).toBe("")
    expect(root.mode).toBe("closed")
    expect(root.querySelector("h2")?.textContent).toBe("Message Background")
  })

  it("sends what is typed and shows the reply as text, never as HTML", () => {
    const { root, sent, set } = mount()
    const input = root.querySelector("input")!
    input.value = "<img src=x onerror=alert(1)>"
    root.querySelector("form")!.requestSubmit()
    expect(sent).toEqual(["<img src=x onerror=alert(1)>"])
    expect(input.value).toBe("")
    set({
      response: {
        kind: "reply",
        text: 'Background received: "<img src=x onerror=alert(1)>"'
      }
    })
    expect(root.querySelector(".response")?.textContent).toBe(
      'Reply: Background received: "<img src=x onerror=alert(1)>"'
    )
    expect(root.querySelector("img")).toBeNull()
  })

  it("follows the connection: disabled while it cannot send, with its status", () => {
    const { root, set } = mount()
    expect(root.querySelector(".status")?.textContent).toBe("Connected")
    set(
      { status: "reconnecting", canSend: false },
      { status: "reconnecting", attempt: 2 }
    )
    expect(root.querySelector(".status")?.textContent).toBe(
      "Reconnecting… (attempt 2)"
    )
    expect(root.querySelector("input")?.disabled).toBe(true)
    expect(root.querySelector("button[type=submit]")).toBeDisabled()
  })

  it("asks to close on Close, and leaves nothing behind once removed", () => {
    const { root, onClose, view, listeners } = mount()
    root.querySelector<HTMLButtonElement>(".close")!.click()
    expect(onClose).toHaveBeenCalledTimes(1)
    view.remove()
    expect(document.querySelector("popup-to-background-widget")).toBeNull()
    expect(listeners.size).toBe(0)
  })
})
