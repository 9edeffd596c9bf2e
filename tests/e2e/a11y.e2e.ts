import { LOG_SHOWN } from "~storage/layout"

import { axeViolations, describeFinding } from "./support/axe"
import { seedLog } from "./support/seed-log"
import { setUpExtensionSession } from "./support/session-fixture"
import type { ViewPage } from "./support/view-page"
import { waitForLogCount } from "./support/view-waits"

const session = setUpExtensionSession({ noWorkerErrors: true })

const SCHEMES = ["light", "dark"] as const

/** The size each view is used at: the popup's own box, a tall side panel. */
const VIEWPORTS = {
  "popup.html": { width: 360, height: 600 },
  "sidepanel.html": { width: 400, height: 800 }
} as const

/** axe's findings in `state`, in each colour scheme, as printable lines. */
async function check(view: ViewPage, state: string): Promise<string[]> {
  const lines: string[] = []
  for (const colorScheme of SCHEMES) {
    await view.page.emulateMedia({ colorScheme })
    // Let the new scheme's styles reach the screen before axe reads colours.
    await view.page.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => done(null)))
    )
    for (const finding of await axeViolations(view.page)) {
      lines.push(describeFinding(`${state}, ${colorScheme}`, finding))
    }
  }
  return lines
}

/**
 * Opens `file` on a full stored log (500 entries from other views, with a
 * note about older ones dropped), as a user reopening it would see it.
 */
async function openOnFullLog(file: keyof typeof VIEWPORTS): Promise<ViewPage> {
  const view = await session().openView(file)
  await view.page.setViewportSize(VIEWPORTS[file])
  await seedLog(view.page, LOG_SHOWN, 40)
  await session().stopWorker()
  await view.page.reload()
  await waitForLogCount(view, LOG_SHOWN)
  await view.page.locator("#logDropped").waitFor()
  return view
}

/**
 * Leaves a failed message with its Retry button: Disconnect right after
 * Send, in the same task, so the reply cannot arrive first.
 */
async function failOneMessage(view: ViewPage, text: string): Promise<void> {
  await view.input.fill(text)
  await view.page.evaluate(() => {
    document.querySelector<HTMLButtonElement>("#sendBtn")?.click()
    document.querySelector<HTMLButtonElement>("#disconnectBtn")?.click()
  })
  await view.waitForStatus("Disconnected")
  await view.page
    .locator('#log li[data-state="failed"] .retry')
    .waitFor({ timeout: 5000 })
}

describe.each(Object.keys(VIEWPORTS) as (keyof typeof VIEWPORTS)[])(
  "%s",
  (file) => {
    test("has no WCAG 2.1 A/AA violations, disconnected and connected, light and dark, on a full log", async () => {
      const view = await openOnFullLog(file)
      const findings = await check(view, "disconnected, full log")

      await view.connect()
      await view.send("hello")
      await view.waitForResponse('Reply: Background received: "hello"')
      await failOneMessage(view, "this one fails")
      findings.push(
        ...(await check(view, "disconnected, a failed message (Retry off)"))
      )

      await view.connect()
      await view.page
        .locator('#log li[data-state="failed"] .retry:enabled')
        .waitFor()
      await view.send("    ")
      await view.notice.waitFor()
      expect(await view.notice.textContent()).toBe("Type a message first.")
      findings.push(
        ...(await check(view, "connected, a failed message, the notice"))
      )

      expect(findings).toEqual([])
    })
  }
)

test("the Ports panel has no WCAG 2.1 A/AA violations, with traffic, paused and filtered, light and dark", async () => {
  const popup = await session().openView("popup.html")
  await popup.connect()
  const panel = await session().openView("tabs/ports-panel.html")
  await panel.page.setViewportSize({ width: 1000, height: 400 })
  await panel.waitForStatus("Connected")
  await popup.send("hello")
  await popup.waitForResponse('Reply: Background received: "hello"')
  await panel.page.locator("#traffic tr[data-type=reply]").waitFor()
  const findings = await check(panel, "Ports panel, traffic")
  await panel.page.locator("#pauseBtn").click()
  await panel.page.locator("#typeFilter").selectOption("reply")
  findings.push(...(await check(panel, "Ports panel, paused, filtered")))
  expect(findings).toEqual([])
})
