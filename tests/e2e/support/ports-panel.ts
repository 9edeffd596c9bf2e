import { writeFileSync } from "node:fs"

import type { CdpPipeBrowser } from "~tools/browser/cdp-browser"
import type { CdpPage } from "~tools/browser/cdp-page"
import { pollFor } from "~tools/poll"

/** Chromium opens DevTools for every tab it opens, which loads our devtools_page. */
export const DEVTOOLS_ARGS = ["--auto-open-devtools-for-tabs"] as const

const PANEL_PAGE = "/tabs/ports-panel.html"

/**
 * Opens the "Ports" panel in the DevTools of the first tab and attaches to
 * its page. A panel's page loads only once its tab is selected, so this
 * presses DevTools' own "next panel" shortcut (Ctrl+]) in the DevTools
 * window until our panel's frame appears, as a user flipping through the
 * panels would. None of these pages are tabs: they are found as CDP targets.
 */
export async function openPortsPanel(
  browser: CdpPipeBrowser,
  extensionId: string
): Promise<{ panel: CdpPage; devtools: CdpPage }> {
  const origin = `chrome-extension://${extensionId}`
  const devtoolsPage = await pollFor(
    async () =>
      (await browser.targets()).find(
        (target) => target.url === `${origin}/devtools.html` && target.parentId
      ),
    15_000,
    () => new Error("DevTools did not load the extension's devtools_page"),
    100
  )
  const devtools = await browser.attach(devtoolsPage.parentId!)
  const panelTarget = async () =>
    (await browser.targets()).find((target) =>
      target.url.startsWith(`${origin}${PANEL_PAGE}`)
    )
  const found = await pollFor(
    async () => {
      const target = await panelTarget()
      if (target) return target
      for (const type of ["rawKeyDown", "keyUp"] as const) {
        await devtools.send("Input.dispatchKeyEvent", {
          type,
          modifiers: 2,
          key: "]",
          code: "BracketRight",
          windowsVirtualKeyCode: 221
        })
      }
      return undefined
    },
    20_000,
    () => new Error("The Ports panel never opened"),
    150
  )
  const panel = await browser.attach(found.targetId)
  await panel.waitFor(`document.querySelector("#traffic")`)
  return { panel, devtools }
}

/**
 * Saves a PNG of the whole DevTools window (the panel in it) at a fixed
 * size. DevTools opens docked beside a blank inspected page; for a picture
 * that shows the panel's columns it is undocked first, through DevTools' own
 * code (which may change between versions: if it has, the picture is docked).
 */
export async function screenshotDevTools(
  devtools: CdpPage,
  path: string
): Promise<void> {
  await devtools
    .evaluate(
      `import("./ui/legacy/legacy.js").then((UI) =>
        UI.DockController.DockController.instance().setDockSide("undocked"))`
    )
    .catch(() => undefined)
  await devtools.send("Emulation.setDeviceMetricsOverride", {
    width: 1100,
    height: 420,
    deviceScaleFactor: 1,
    mobile: false
  })
  const { data } = await devtools.send("Page.captureScreenshot", {
    format: "png"
  })
  writeFileSync(path, Buffer.from(data, "base64"))
}

/** Clicks a button in the panel as the user's click would (with a user gesture). */
export async function clickInPanel(
  panel: CdpPage,
  selector: string
): Promise<void> {
  const { exceptionDetails } = await panel.send("Runtime.evaluate", {
    expression: `document.querySelector(${JSON.stringify(selector)}).click()`,
    userGesture: true
  })
  if (exceptionDetails) throw new Error(`Could not click ${selector}`)
}

/** One message row of the panel, as the user reads it. */
export interface PanelRow {
  view: string
  direction: string
  type: string
  size: string
  bytes: string
  id: string
  /** As the sending view measured it (send → reply shown), once it reported it. */
  rtt: string
  /** From the request's arrival to the answer leaving the background. */
  handled: string
  preview: string
}

/** The panel's message rows, in order. */
export function panelRows(panel: CdpPage): Promise<PanelRow[]> {
  return panel.evaluate<PanelRow[]>(`[...document.querySelectorAll(
    "#traffic tr[data-kind=message]")].map((tr) => ({
      view: tr.querySelector(".traffic-view").textContent,
      direction: tr.dataset.direction,
      type: tr.dataset.type,
      size: tr.querySelector(".traffic-size").textContent,
      bytes: tr.dataset.bytes,
      id: tr.dataset.id,
      rtt: tr.querySelector(".traffic-rtt").textContent,
      handled: tr.querySelector(".traffic-handled").textContent,
      preview: tr.querySelector(".traffic-preview").textContent
    }))`)
}

/** The text of the panel's full-width lines of one kind (views, worker). */
export function panelLines(panel: CdpPage, kind: string): Promise<string[]> {
  return panel.evaluate<string[]>(`[...document.querySelectorAll(
    "#traffic tr[data-kind=${kind}] td:last-child")].map((td) => td.textContent)`)
}
