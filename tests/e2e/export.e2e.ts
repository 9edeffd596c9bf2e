import { readFile } from "node:fs/promises"
import type { Page } from "playwright-core"

import { LOG_SHOWN } from "~storage/layout"
import { TIMELINE_PAGE } from "~views/timeline"

import { axeViolations, describeFinding } from "./support/axe"
import { openRawPort, type RawWindow } from "./support/raw-port"
import { seedLog } from "./support/seed-log"
import { setUpExtensionSession } from "./support/session-fixture"
import type { ViewPage } from "./support/view-page"
import { waitForLogCount } from "./support/view-waits"

const session = setUpExtensionSession({ noWorkerErrors: true })

/** Quotes, an ampersand and markup: what a file must keep as the text it is. */
const QUOTED = `say "hi" & <img src=x onerror=alert(1)>`
/** Two lines: the popup's input cannot hold them, another view's port can. */
const TWO_LINES = "line one\nline two"

/** Clicks `selector` and returns the file the browser saved: its name and text. */
async function download(page: Page, selector: string) {
  const [saved] = await Promise.all([
    page.waitForEvent("download"),
    page.locator(selector).click()
  ])
  const path = await saved.path()
  return { name: saved.suggestedFilename(), text: await readFile(path, "utf8") }
}

/** A popup with two entries: its own quoted message, and a two-line one from another port. */
async function popupWithTwoEntries(): Promise<ViewPage> {
  const popup = await session().openView("popup.html")
  await popup.connect()
  await popup.send(QUOTED)
  await popup.waitForResponse(`Reply: Background received: "${QUOTED}"`)
  await openRawPort(popup.page)
  await popup.page.evaluate((text) => {
    const raw = (window as unknown as RawWindow).__raw
    const id = "two-lines"
    raw.port.postMessage({ k: "req", id, name: "send", input: { id, text } })
  }, TWO_LINES)
  await waitForLogCount(popup, 2)
  return popup
}

test("is disabled, saying why, on an empty log, and passes axe there", async () => {
  const popup = await session().openView("popup.html")
  await popup.page.setViewportSize({ width: 360, height: 600 })
  await popup.page.locator("#log").waitFor()
  for (const id of ["#exportJsonBtn", "#exportTextBtn"]) {
    expect(await popup.page.locator(id).isDisabled()).toBe(true)
  }
  expect(await popup.page.locator("#exportEmpty").textContent()).toBe(
    "Nothing to export yet."
  )
  const findings: string[] = []
  for (const colorScheme of ["light", "dark"] as const) {
    await popup.page.emulateMedia({ colorScheme })
    for (const finding of await axeViolations(popup.page)) {
      findings.push(describeFinding(`empty log, ${colorScheme}`, finding))
    }
  }
  expect(findings).toEqual([])
})

test("Export JSON saves every entry with its documented fields", async () => {
  const popup = await popupWithTwoEntries()
  const file = await download(popup.page, "#exportJsonBtn")
  expect(file.name).toMatch(
    /^conversation-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.json$/
  )
  const exported = JSON.parse(file.text)
  expect(exported).toMatchObject({ format: "conversation-log/1", dropped: 0 })
  expect(exported.entries).toHaveLength(2)
  const [quoted, twoLines] = exported.entries
  expect(quoted).toMatchObject({
    kind: "message",
    from: { kind: "popup" },
    text: QUOTED,
    reply: `Background received: "${QUOTED}"`,
    bytes: null,
    stopped: false
  })
  expect(twoLines).toMatchObject({
    id: "two-lines",
    text: TWO_LINES,
    reply: `Background received: "${TWO_LINES}"`
  })
  expect(twoLines.from.clientId).not.toBe(quoted.from.clientId)
  expect(twoLines.seq).toBeGreaterThan(quoted.seq)
  for (const entry of exported.entries) {
    expect(new Date(entry.time).getTime()).toBe(entry.at)
  }
  // The file is data: nothing in it reached the page as markup.
  expect(await popup.page.locator("img").count()).toBe(0)
})

test("Export text, from the side panel too, writes a line per entry and indents the rest", async () => {
  await popupWithTwoEntries()
  const panel = await session().openView("sidepanel.html")
  await waitForLogCount(panel, 2)
  const file = await download(panel.page, "#exportTextBtn")
  expect(file.name).toMatch(/^conversation-.*\.txt$/)
  const lines = file.text.split("\n")
  expect(lines[0]).toMatch(
    /^# conversation-log\/1 exported \S+Z: 2 entries, 0 older dropped$/
  )
  const time = String.raw`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z`
  const head = (what: string) =>
    new RegExp(`^${time} popup/\\S{1,8} (rtt=\\S+ms )?→ ${what}$`)
  expect(lines[1]).toMatch(head(QUOTED.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
  expect(lines[2]).toBe(`    ← Background received: "${QUOTED}"`)
  expect(lines[3]).toMatch(head("line one"))
  expect(lines.slice(4)).toEqual([
    "      line two",
    '    ← Background received: "line one',
    '      line two"',
    ""
  ])
})

test("saves the whole 500-entry log, not only the rows drawn", async () => {
  const popup = await session().openView("popup.html")
  await seedLog(popup.page, LOG_SHOWN, 40)
  await session().stopWorker()
  await popup.page.reload()
  await waitForLogCount(popup, LOG_SHOWN)
  expect(await popup.page.locator("#log .log-entry").count()).toBe(
    TIMELINE_PAGE
  )
  const exported = JSON.parse(
    (await download(popup.page, "#exportJsonBtn")).text
  )
  expect(exported.dropped).toBe(40)
  const seqs = exported.entries.map((entry: { seq: number }) => entry.seq)
  expect(seqs).toHaveLength(LOG_SHOWN)
  expect(seqs).toEqual([...seqs].sort((a, b) => a - b))
  expect(new Set(seqs).size).toBe(LOG_SHOWN)
})
