import { readFileSync, writeFileSync } from "node:fs"
import { join, resolve } from "node:path"

import { CdpPipeBrowser } from "~tools/browser/cdp-browser"
import { EXTENSION_ID, PROD_BUILD } from "~tools/project"

import { PipeView } from "./support/pipe-view"

jest.setTimeout(60_000)

/** The German catalogue the build shipped, so the test reads what a German user reads. */
const german = JSON.parse(
  readFileSync(join(PROD_BUILD, "_locales/de/messages.json"), "utf8")
) as Record<string, { message: string }>
const de = (key: string) => german[key].message

let browser: CdpPipeBrowser

beforeEach(async () => {
  browser = await CdpPipeBrowser.launch(PROD_BUILD, { lang: "de" })
})

afterEach(async () => {
  await browser?.close()
})

async function openPopup(): Promise<PipeView> {
  const page = await browser.openPage(
    `chrome-extension://${EXTENSION_ID}/popup.html`
  )
  const view = new PipeView(page)
  await view.ready()
  return view
}

test("Chromium in German shows the popup in German and the reply as the background sent it", async () => {
  const popup = await openPopup()
  const { page } = popup
  expect(await page.text("h3")).toBe("Nachricht an den Hintergrund")
  expect(await page.text("#connectBtn")).toBe("Verbinden")
  expect(await page.text("#disconnectBtn")).toBe("Trennen")
  expect(await page.text("#sendBtn")).toBe("Senden")
  expect(
    await page.evaluate(`document.querySelector("#messageInput").placeholder`)
  ).toBe("Nachricht eingeben")
  expect(await page.text("#response")).toBe("Die Antwort erscheint hier")
  expect(await popup.status()).toBe("Getrennt")
  // Screen readers read it with a German voice.
  expect(await page.evaluate(`document.documentElement.lang`)).toBe("de")

  await page.click("#connectBtn")
  await popup.waitForStatus("Verbunden")
  await popup.send("hallo")
  // The words around the reply are the UI's; the reply is the protocol's
  // content, the same for every view whatever its language.
  await popup.waitForResponse('Antwort: Background received: "hallo"')
  expect(await page.text("#logCount")).toBe("1 Eintrag")
  expect(await page.text("#log .log-delivery")).toMatch(
    /^beantwortet in \d+,\d ms$/
  )
  // The picture of the German popup in docs/features.md, at the popup's own size.
  await page.send("Emulation.setDeviceMetricsOverride", {
    width: 360,
    height: 600,
    deviceScaleFactor: 1,
    mobile: false
  })
  const { data } = await page.send("Page.captureScreenshot", { format: "png" })
  writeFileSync(
    resolve(__dirname, "../../docs/popup-de.png"),
    Buffer.from(data, "base64")
  )
})

test("the manifest's name, description and shortcut are German", async () => {
  const popup = await openPopup()
  const manifest = await popup.page.evaluate<{
    name: string
    description: string
    default_locale: string
  }>(`chrome.runtime.getManifest()`)
  expect(manifest).toMatchObject({
    name: de("extensionName"),
    description: de("extensionDescription"),
    default_locale: "en"
  })
  expect(manifest.name).toBe("Popup-zu-Hintergrund-Nachrichten")
  const commands = await popup.page.evaluate<
    Array<{ name: string; description: string }>
  >(`chrome.commands.getAll()`)
  expect(commands).toEqual(
    expect.arrayContaining([
      expect.objectContaining({
        name: "open-side-panel",
        description: "Seitenleiste öffnen"
      })
    ])
  )
})

test("the options page is German, and so is what it says about a bad value", async () => {
  const page = await browser.openPage(
    `chrome-extension://${EXTENSION_ID}/options.html`
  )
  await page.waitFor(
    `document.querySelector("#optionsStatus")?.textContent === ""`
  )
  expect(await page.text("h1")).toBe(
    "Popup-zu-Hintergrund-Nachrichten: Optionen"
  )
  expect(await page.text("legend")).toBe("Design")
  expect(await page.evaluate(`document.documentElement.lang`)).toBe("de")
  await page.evaluate(`(() => {
    const input = document.querySelector("#streamPace")
    const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set
    set.call(input, "5")
    input.dispatchEvent(new Event("input", { bubbles: true }))
  })()`)
  await page.waitFor(`document.querySelector("#streamPaceProblem") !== null`)
  expect(await page.text("#streamPaceProblem")).toBe(
    "Das Tempo der gestreamten Antwort muss zwischen 10 und 1000 ms liegen."
  )
})
