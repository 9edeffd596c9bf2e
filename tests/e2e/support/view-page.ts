import type { Locator, Page } from "playwright-core"

/** The popup (or side panel) as the user sees it: its controls and texts. */
export class ViewPage {
  readonly connectButton: Locator
  readonly disconnectButton: Locator
  readonly input: Locator
  readonly sendButton: Locator
  readonly response: Locator
  readonly status: Locator
  readonly notice: Locator
  /** This view's own messages in the timeline. */
  readonly messages: Locator

  constructor(readonly page: Page) {
    this.connectButton = page.locator("#connectBtn")
    this.disconnectButton = page.locator("#disconnectBtn")
    this.input = page.locator("#messageInput")
    this.sendButton = page.locator("#sendBtn")
    this.response = page.locator("#response")
    this.status = page.locator("#status")
    this.notice = page.locator("#notice")
    this.messages = page.locator("#log li.log-own")
  }

  /** Clicks Connect and waits until the view says Connected. */
  async connect(): Promise<void> {
    await this.connectButton.click()
    await this.waitForStatus("Connected")
  }

  async disconnect(): Promise<void> {
    await this.disconnectButton.click()
    await this.waitForStatus("Disconnected")
  }

  /** Types a message and clicks Send. */
  async send(text: string): Promise<void> {
    await this.input.fill(text)
    await this.sendButton.click()
  }

  /** Types a message and presses Enter. */
  async sendWithEnter(text: string): Promise<void> {
    await this.input.fill(text)
    await this.input.press("Enter")
  }

  async waitForStatus(label: string, timeout = 10_000): Promise<void> {
    await this.page.waitForFunction(
      (expected) =>
        document.querySelector("#status .status-label")?.textContent ===
        expected,
      label,
      { timeout }
    )
  }

  async waitForResponse(text: string, timeout = 10_000): Promise<void> {
    await this.page.waitForFunction(
      (expected) =>
        document.querySelector("#response")?.textContent === expected,
      text,
      { timeout }
    )
  }

  async statusLabel(): Promise<string> {
    return (await this.status.locator(".status-label").textContent()) ?? ""
  }

  /** The enabled state of Connect, Disconnect, input and Send, in that order. */
  async gating(): Promise<{
    connect: boolean
    disconnect: boolean
    input: boolean
    send: boolean
  }> {
    return {
      connect: await this.connectButton.isEnabled(),
      disconnect: await this.disconnectButton.isEnabled(),
      input: await this.input.isEnabled(),
      send: await this.sendButton.isEnabled()
    }
  }
}
