import type { CdpPage } from "~tools/browser/cdp-page"

/**
 * Page script, run before the example's own: wraps `chrome.runtime.connect`
 * so the test sees mv3-port's wire (`{ k: "req", id }` out, `{ k: "res", id }`
 * in) on each port the popup opens, numbered from 1. While `holdPort` names
 * a port, replies arriving on it are kept from the popup: the worker has
 * answered, the popup has not heard. A stop then loses them with the port,
 * as when Chrome stops the worker just before the reply gets through.
 */
const RECORD_WIRE = `(() => {
  const wire = (window.__wire = { ports: 0, holdPort: 0, posted: [], delivered: [], held: [] })
  const connect = chrome.runtime.connect.bind(chrome.runtime)
  chrome.runtime.connect = (...args) => {
    const port = connect(...args)
    const n = ++wire.ports
    const post = port.postMessage.bind(port)
    port.postMessage = (message) => {
      if (message && message.k === "req") wire.posted.push({ port: n, id: message.id })
      post(message)
    }
    const event = port.onMessage
    const add = event.addListener.bind(event)
    const remove = event.removeListener.bind(event)
    const wrapped = new Map()
    event.addListener = (listener) => {
      const wrapper = (message, ...rest) => {
        if (!message || message.k !== "res") return listener(message, ...rest)
        const entry = { port: n, id: message.id }
        if (n === wire.holdPort) return void wire.held.push(entry)
        wire.delivered.push(entry)
        listener(message, ...rest)
      }
      wrapped.set(listener, wrapper)
      add(wrapper)
    }
    event.removeListener = (listener) => remove(wrapped.get(listener) ?? listener)
    return port
  }
})()`

/** A request as the wire recorder saw it: on which port, under which id. */
export interface WireEntry {
  port: number
  id: string
}

/** What crossed the popup's ports since it loaded. */
export interface Wire {
  ports: number
  posted: WireEntry[]
  delivered: WireEntry[]
  held: WireEntry[]
}

/** How one example's popup is used: where the user types, how they send, where the reply shows. */
export interface PopupUi {
  /** Sends what is typed into `input`: a click on this, or Enter when null. */
  sendButton: string | null
  /** An expression for the text the popup shows as its reply. */
  replyText: string
}

/** An example's popup, driven as the user drives it, with its wire recorded. */
export class ExamplePopup {
  private constructor(
    readonly page: CdpPage,
    private readonly ui: PopupUi
  ) {}

  /** Loads `page` again with the wire recorder in place before the popup's script runs. */
  static async record(page: CdpPage, url: string, ui: PopupUi) {
    await page.send("Page.addScriptToEvaluateOnNewDocument", {
      source: RECORD_WIRE
    })
    await page.navigate(url)
    await page.waitFor(`window.__wire && document.querySelector("input")`)
    return new ExamplePopup(page, ui)
  }

  /** Types `text` and sends it as the user does. */
  async ask(text: string): Promise<void> {
    await this.page.type("input", text)
    if (this.ui.sendButton !== null) return this.page.click(this.ui.sendButton)
    for (const type of ["keyDown", "keyUp"] as const) {
      await this.page.send("Input.dispatchKeyEvent", {
        type,
        key: "Enter",
        code: "Enter",
        windowsVirtualKeyCode: 13,
        ...(type === "keyDown" ? { text: "\r" } : {})
      })
    }
  }

  /** The reply on screen now. */
  reply(): Promise<string> {
    return this.page.evaluate<string>(this.ui.replyText)
  }

  async waitForReply(text: string): Promise<void> {
    await this.page.waitFor(
      `${this.ui.replyText} === ${JSON.stringify(text)}`,
      10_000,
      `the reply "${text}"`
    )
  }

  /** From now on, replies on the port open now are kept from the popup. */
  async holdReplies(): Promise<void> {
    await this.page.evaluate(`window.__wire.holdPort = window.__wire.ports`)
  }

  /** Waits until the worker has answered a request whose reply is held; returns its id. */
  async waitForHeldReply(): Promise<string> {
    await this.page.waitFor(
      `window.__wire.held.length > 0`,
      10_000,
      "a held reply"
    )
    return (await this.wire()).held[0].id
  }

  async wire(): Promise<Wire> {
    return this.page.evaluate<Wire>(`window.__wire`)
  }

  /**
   * How many fresh answers to request `id` the worker stored: its handler's
   * runs. `sessionStorageStore()` appends each stored answer's id to its
   * index, `mv3-port:ids` (its default prefix), in chrome.storage.session,
   * which the popup can read too; an answer given again from the store adds
   * nothing.
   */
  async handlerRuns(id: string): Promise<number> {
    const ids = await this.page.evaluate<unknown>(
      `chrome.storage.session.get("mv3-port:ids").then((items) => items["mv3-port:ids"])`
    )
    if (!Array.isArray(ids)) throw new Error("The store's index is missing")
    return ids.filter((stored) => stored === id).length
  }
}
