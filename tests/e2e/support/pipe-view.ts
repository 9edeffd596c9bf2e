import { ENTRY_PREFIX } from "~storage/layout"
import type { CdpPage } from "~tools/browser/cdp-page"

import { READ_STATUS_HISTORY, RECORD_STATUS_HISTORY } from "./status-history"

/** A view driven over the CDP pipe (no DevTools on the worker), as the user uses it. */
export class PipeView {
  constructor(readonly page: CdpPage) {}

  async ready(): Promise<void> {
    await this.page.waitFor(`document.querySelector("#connectBtn")`)
    await this.page.evaluate(RECORD_STATUS_HISTORY)
  }

  async connect(): Promise<void> {
    await this.page.click("#connectBtn")
    await this.waitForStatus("Connected")
  }

  async disconnect(): Promise<void> {
    await this.page.click("#disconnectBtn")
    await this.waitForStatus("Disconnected")
  }

  async send(text: string): Promise<void> {
    await this.page.type("#messageInput", text)
    await this.page.click("#sendBtn")
  }

  async status(): Promise<string | null> {
    return this.page.text("#status .status-label")
  }

  /** Every status label shown since `ready()`, in order. */
  async statusHistory(): Promise<string[]> {
    return this.page.evaluate<string[]>(READ_STATUS_HISTORY)
  }

  async waitForStatus(label: string, timeoutMs = 10_000): Promise<void> {
    await this.page.waitFor(
      `document.querySelector("#status .status-label")?.textContent === ${JSON.stringify(label)}`,
      timeoutMs,
      `status "${label}"`
    )
  }

  async waitForResponse(text: string, timeoutMs = 10_000): Promise<void> {
    await this.page.waitFor(
      `document.querySelector("#response")?.textContent === ${JSON.stringify(text)}`,
      timeoutMs,
      `response "${text}"`
    )
  }

  /** The conversation log as the background stored it in chrome.storage.session. */
  async storedLog(): Promise<Array<{ id: string; seq: number; text: string }>> {
    return this.page.evaluate(`chrome.storage.session.get(null).then((items) =>
      Object.entries(items)
        .filter(([key]) => key.startsWith(${JSON.stringify(ENTRY_PREFIX)}))
        .map(([, entry]) => entry)
        .sort((a, b) => a.seq - b.seq))`)
  }
}
