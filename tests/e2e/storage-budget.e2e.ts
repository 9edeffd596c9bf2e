import type { Page } from "playwright-core"

import { setUpExtensionSession } from "./support/session-fixture"
import {
  SHAPES,
  viewItems,
  worstOf,
  type Items
} from "./support/storage-worst-case"

// What the worker can ever keep in chrome.storage.session, as Chrome counts
// it (its own estimate of the values' memory, not JSON): the worst case is
// built in Node by the store itself, then stored and measured in an
// extension page. The worst log and the worst answered records are
// stored together though no sequence of messages reaches both at once
// (every entry is also an answered record): an upper bound. SECURITY.md's
// Limits quote these figures.
// https://developer.chrome.com/docs/extensions/reference/api/storage#property-session

const session = setUpExtensionSession({ noWorkerErrors: true })

/** chrome.storage.session's quota (its QUOTA_BYTES). */
const QUOTA_BYTES = 10 * 1024 * 1024

/**
 * Views storage must have room for, each running an upload in a tab the
 * worker injected: the views are the one thing no bound of ours caps, so
 * the margin is kept in views. A window shows one popup and one side
 * panel; 100 views uploading at once is far past real use.
 */
const VIEWS = 100

/**
 * Clears the session area, stores each group of items and returns Chrome's
 * count of each group (`getBytesInUse` of its keys) and of the whole area.
 */
async function measure(page: Page, groups: Record<string, Items>) {
  return page.evaluate(async (groups) => {
    const area = chrome.storage.session
    await area.clear()
    const bytes: Record<string, number> = {}
    for (const items of Object.values(groups)) await area.set(items)
    for (const [name, items] of Object.entries(groups)) {
      bytes[name] = await area.getBytesInUse(Object.keys(items))
    }
    bytes.total = await area.getBytesInUse(null)
    await area.clear()
    return bytes
  }, groups)
}

const mb = (bytes: number) =>
  `${bytes.toLocaleString("en-US")} bytes (${(bytes / 2 ** 20).toFixed(2)} MiB)`

test("the largest state the worker can store fits chrome.storage.session's quota", async () => {
  const page = (await session().openView("options.html")).page
  const runs: Array<{
    shape: string
    worst: Awaited<ReturnType<typeof worstOf>>
    bytes: Record<string, number>
  }> = []
  for (const [shape, make] of Object.entries(SHAPES)) {
    const worst = await worstOf(make)
    const bytes = await measure(page, {
      log: worst.log,
      answered: worst.answered
    })
    const records = Object.values(worst.answered).flat().length
    const entries = Object.keys(worst.log).length
    const counts = `${entries} entries of ${bytes.log / entries} bytes, ${records} answered records`
    console.log(
      `${shape}: log ${mb(bytes.log)}, answered ${mb(bytes.answered)} (${counts})`
    )
    runs.push({ shape, worst, bytes })
  }
  const most = (group: "log" | "answered") =>
    runs.reduce((a, b) => (b.bytes[group] > a.bytes[group] ? b : a))
  const log = most("log")
  const answered = most("answered")
  const views = viewItems(VIEWS)
  const bytes = await measure(page, {
    log: log.worst.log,
    answered: answered.worst.answered,
    counters: log.worst.counters,
    ...views
  })
  const perView = (bytes.uploads + bytes.badges + bytes.tabs) / VIEWS
  const room = Math.floor((QUOTA_BYTES - bytes.total) / perView)
  const each = (group: string) =>
    `${mb(bytes[group])} (${bytes[group] / VIEWS} bytes each)`
  console.log(
    [
      `worst log (${log.shape}): ${mb(bytes.log)}`,
      `worst answered records (${answered.shape}): ${mb(bytes.answered)}`,
      `counters: ${mb(bytes.counters)}`,
      `${VIEWS} views' upload states: ${each("uploads")}`,
      `${VIEWS} views' badge shares: ${each("badges")}`,
      `${VIEWS} tab records: ${each("tabs")}`,
      `all together: ${mb(bytes.total)} of ${mb(QUOTA_BYTES)}, room for ${room} more views`
    ].join("\n")
  )
  expect(bytes.total).toBeLessThan(QUOTA_BYTES)
})
