import { pollUntil } from "../poll"
import type {
  CdpConnection,
  CommandName,
  CommandResult,
  ParamsArgs
} from "./cdp-connection"

/** What a page needs of the connection: commands and events. */
type Transport = Pick<CdpConnection, "send" | "sendTo" | "on">

/** A page attached over the pipe: evaluate, click, type, wait. */
export class CdpPage {
  constructor(
    private readonly browser: Transport,
    readonly targetId: string,
    readonly sessionId: string
  ) {}

  /** Sends a CDP command to this page; resolves with its typed result. */
  send<M extends CommandName>(
    method: M,
    ...params: ParamsArgs<M>
  ): Promise<CommandResult<M>> {
    return this.browser.sendTo(this.sessionId, method, ...params)
  }

  /** Navigates and waits for the load event. */
  async navigate(url: string): Promise<void> {
    const loaded = new Promise<void>((resolve) => {
      const off = this.browser.on("Page.loadEventFired", (_p, sessionId) => {
        if (sessionId === this.sessionId) {
          off()
          resolve()
        }
      })
    })
    await this.send("Page.navigate", { url })
    await loaded
  }

  /** Evaluates an expression in the page and returns its (JSON) value. */
  async evaluate<T>(expression: string): Promise<T> {
    const result = await this.send("Runtime.evaluate", {
      expression,
      returnByValue: true,
      awaitPromise: true
    })
    if (result.exceptionDetails) {
      throw new Error(
        result.exceptionDetails.exception?.description ??
          result.exceptionDetails.text
      )
    }
    // returnByValue: the value is the JSON the expression gave.
    return result.result.value as T
  }

  /** Polls a boolean expression until it is true. */
  async waitFor(
    expression: string,
    timeoutMs = 10_000,
    what = expression
  ): Promise<void> {
    await pollUntil(
      () => this.evaluate<boolean>(`Boolean(${expression})`),
      timeoutMs,
      () => new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`)
    )
  }

  /** Clicks the centre of an element with real mouse events. */
  async click(selector: string): Promise<void> {
    const box = await this.evaluate<{ x: number; y: number } | null>(
      `(() => { const el = document.querySelector(${JSON.stringify(selector)});
        if (!el) return null; const r = el.getBoundingClientRect();
        return { x: r.x + r.width / 2, y: r.y + r.height / 2 } })()`
    )
    if (!box) throw new Error(`No element matches ${selector}`)
    for (const type of ["mousePressed", "mouseReleased"] as const) {
      await this.send("Input.dispatchMouseEvent", {
        type,
        x: box.x,
        y: box.y,
        button: "left",
        clickCount: 1
      })
    }
  }

  /** Focuses an input, clears it and types text as keyboard input. */
  async type(selector: string, text: string): Promise<void> {
    await this.evaluate(
      `(() => { const el = document.querySelector(${JSON.stringify(selector)});
        el.focus(); el.select(); })()`
    )
    await this.send("Input.insertText", { text })
  }

  /** The text content of the first element matching `selector`, or null. */
  async text(selector: string): Promise<string | null> {
    return this.evaluate<string | null>(
      `document.querySelector(${JSON.stringify(selector)})?.textContent ?? null`
    )
  }

  /** Closes the page's tab. */
  async close(): Promise<void> {
    await this.browser.send("Target.closeTarget", { targetId: this.targetId })
  }
}
