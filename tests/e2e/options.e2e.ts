import { resolve } from "node:path"
import type { Page } from "playwright-core"

import { axeViolations, describeFinding } from "./support/axe"
import { setUpExtensionSession } from "./support/session-fixture"

const DOCS = resolve(__dirname, "../../docs")

const session = setUpExtensionSession({ noWorkerErrors: true })

/** The page's background colour as the user sees it. */
const background = (page: Page) =>
  page.evaluate(
    () => getComputedStyle(document.documentElement).backgroundColor
  )

const WHITE = "rgb(255, 255, 255)"
const DARK = "rgb(18, 18, 18)"

/** What chrome.storage.sync holds for the settings, read in an extension page. */
const stored = (page: Page) =>
  page.evaluate(
    async () => (await chrome.storage.sync.get("settings")).settings
  )

async function openOptions() {
  const options = await session().openView("options.html")
  await options.page.waitForFunction(
    () => document.querySelector("#optionsStatus")?.textContent === ""
  )
  return options.page
}

test("a change in the options applies to an open popup at once", async () => {
  const popup = await session().openView("popup.html")
  await popup.waitForStatus("Disconnected")
  const options = await openOptions()

  // The theme: forced dark over a light system, forced light over a dark one.
  await popup.page.emulateMedia({ colorScheme: "light" })
  expect(await background(popup.page)).toBe(WHITE)
  await options.getByRole("radio", { name: "Dark" }).check()
  await popup.page.waitForFunction(
    () => document.documentElement.dataset.theme === "dark"
  )
  expect(await background(popup.page)).toBe(DARK)
  await popup.page.emulateMedia({ colorScheme: "dark" })
  await options.getByRole("radio", { name: "Light" }).check()
  await popup.page.waitForFunction(
    () => document.documentElement.dataset.theme === "light"
  )
  expect(await background(popup.page)).toBe(WHITE)

  // Connect automatically: the open, untouched popup connects by itself,
  // and so does a view opened afterwards.
  await options
    .getByRole("checkbox", { name: "Connect automatically when a view opens" })
    .check()
  await popup.waitForStatus("Connected")
  const panel = await session().openView("sidepanel.html")
  await panel.waitForStatus("Connected")
  await panel.send("auto")
  await panel.waitForResponse('Reply: Background received: "auto"')
  expect(await stored(options)).toEqual({
    autoConnect: true,
    streamChunkMs: 40,
    theme: "light"
  })

  // Kept across a reopen, as the user left them.
  await popup.page.reload()
  await popup.waitForStatus("Connected")
  expect(
    await popup.page.evaluate(() => document.documentElement.dataset.theme)
  ).toBe("light")
})

test("a bad pace is explained, marked and not saved; a good one is", async () => {
  const options = await openOptions()
  const pace = options.getByRole("spinbutton", { name: /pace/ })
  await pace.fill("5")
  await pace.press("Tab")
  expect(await pace.getAttribute("aria-invalid")).toBe("true")
  expect(await options.locator("#streamPaceProblem").textContent()).toBe(
    "The streamed reply pace must be from 10 to 1000 ms."
  )
  expect(await stored(options)).toBeUndefined()

  await pace.fill("250")
  await pace.press("Enter")
  await options.waitForFunction(
    () => document.querySelector("#optionsStatus")?.textContent === "Saved."
  )
  expect(await stored(options)).toEqual({
    autoConnect: false,
    streamChunkMs: 250,
    theme: "system"
  })

  // A value another build (or a hand edit) stored is reported, not used.
  await options.evaluate(() =>
    chrome.storage.sync.set({
      settings: { streamChunkMs: 250, theme: "sepia" }
    })
  )
  await options.getByRole("alert").waitFor()
  expect(await options.getByRole("alert").textContent()).toContain(
    "The theme must be one of: system, light, dark."
  )
  expect(
    await options.getByRole("radio", { name: "As the system" }).isChecked()
  ).toBe(true)

  await options.getByRole("button", { name: "Reset to defaults" }).click()
  await options.waitForFunction(
    () =>
      document.querySelector("#optionsStatus")?.textContent ===
      "Back to the defaults."
  )
  expect(await stored(options)).toBeUndefined()
  expect(await pace.inputValue()).toBe("40")
})

test("the options page passes axe in both schemes; its screenshot", async () => {
  const options = await openOptions()
  await options.setViewportSize({ width: 560, height: 360 })
  const lines: string[] = []
  for (const colorScheme of ["light", "dark"] as const) {
    await options.emulateMedia({ colorScheme })
    for (const finding of await axeViolations(options)) {
      lines.push(describeFinding(colorScheme, finding))
    }
  }
  await options.emulateMedia({ colorScheme: "light" })
  await options.screenshot({ path: resolve(DOCS, "options.png") })
  const pace = options.getByRole("spinbutton", { name: /pace/ })
  await pace.fill("2000")
  for (const finding of await axeViolations(options)) {
    lines.push(describeFinding("bad pace", finding))
  }
  expect(lines).toEqual([])
})
