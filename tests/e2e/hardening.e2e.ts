import type { ToServer } from "mv3-port"

import { config } from "~config"
import { TIMELINE_PAGE } from "~views/timeline"

import { openRawPort, type RawWindow } from "./support/raw-port"
import { setUpExtensionSession } from "./support/session-fixture"
import type { ViewPage } from "./support/view-page"
import {
  answerTo,
  APP_CODES,
  CORPUS,
  generated,
  PACKAGE_CODES
} from "./support/wire-inputs"

// Whatever a test posted, the worker threw nothing and logged no error.
const session = setUpExtensionSession({ noWorkerErrors: true })

/**
 * Posts each value followed by a valid `send` request on the raw port, and
 * checks in the page that the value got exactly one `err` (with the request
 * id it carried, or null) and the valid one its `res`. Returns the slowest
 * bad-to-reply time (ms).
 */
async function postEach(
  page: ViewPage["page"],
  values: unknown[],
  ids: Array<string | null>
) {
  return page.evaluate(
    async ({ values, ids }) => {
      const raw = (window as unknown as RawWindow).__raw
      const failures: string[] = []
      const codes: string[] = []
      let slowest = 0
      for (const [i, value] of values.entries()) {
        const start = raw.got.length
        const sentAt = performance.now()
        const ok = `ok-${i}`
        raw.port.postMessage(value)
        raw.port.postMessage({
          k: "req",
          id: ok,
          name: "send",
          input: { id: ok, text: `valid ${i}` }
        } satisfies ToServer)
        await raw.next(start + 2)
        const pair = raw.got.slice(start, start + 2)
        const good = pair.find((g) => g.message.k === "res")
        const bad = pair.find((g) => g !== good)!.message
        if (bad.k === "err") codes.push(bad.code)
        if (bad.k !== "err" || bad.id !== ids[i])
          failures.push(`#${i}: ${JSON.stringify(bad)}`)
        const res = good?.message.k === "res" ? good.message : null
        if (res?.id !== ok || (res.output as { id?: unknown }).id !== ok) {
          failures.push(`#${i} valid: ${JSON.stringify(good?.message)}`)
        } else slowest = Math.max(slowest, good!.at - sentAt)
      }
      return { failures, slowest, codes, closed: raw.closed }
    },
    { values, ids }
  )
}

test("every malformed message gets an err on the same port, and the next valid request its res", async () => {
  const page = await session().openView("popup.html")
  await openRawPort(page.page)
  const seed = Number(process.env.HARDENING_SEED ?? Date.now() % 1_000_000)
  console.log(`hardening seed: ${seed} (set HARDENING_SEED to replay)`)
  const values = [...CORPUS, ...generated(seed, 1000)]
  const answers = values.map(answerTo)
  expect(values.filter((_, i) => answers[i].k !== "err")).toEqual([])
  const ids = answers.map((a) => (a.k === "err" ? a.id : null))
  const result = await postEach(page.page, values, ids)
  console.log(
    `slowest bad-to-valid-reply: ${result.slowest.toFixed(1)} ms over ${values.length} pairs`
  )
  expect(result.failures).toEqual([])
  expect(result.closed).toBe(false)
  expect(result.codes).toHaveLength(values.length)
  for (const code of result.codes) {
    expect([...PACKAGE_CODES, ...APP_CODES]).toContain(code)
  }
  // Each was refused by a check, not by the catch-all.
  expect(result.codes).not.toContain("handler-failed")
  // How soon the valid message after a bad one is answered is logged above,
  // not asserted: on a loaded machine it swings (a run beside three other
  // jobs saw 106 ms), and timing goals belong to `npm run bench`.
})

test("10 MB payloads are refused without freezing the worker", async () => {
  const page = await session().openView("popup.html")
  await openRawPort(page.page)
  const timings = await page.page.evaluate(async () => {
    const raw = (window as unknown as RawWindow).__raw
    const big = "x".repeat(10 * 1024 * 1024)
    const keys: Record<string, number> = {}
    for (let i = 0; i < 100_000; i++) keys[`k${i}`] = i
    const send = (id: string, input: object): ToServer => ({
      k: "req",
      id,
      name: "send",
      input: { id, ...input }
    })
    const payloads: Array<[string, unknown]> = [
      ["bare 10 MB string", big],
      ["10 MB string as the kind", { k: big }],
      ["10 MB text", send("big", { text: big })],
      ["10 MB extra input field", send("pad", { text: "x", pad: big })],
      ["100,000-key message", { ...keys, k: "nope" }],
      ["100,000-key input", send("keys", { text: "x", ...keys })],
      ["10 MB request name", { k: "req", id: "name", name: big, input: {} }],
      // The package reads only the fields its message has: a ping's others
      // are never looked at, so it is answered (before the move: bad-message).
      ["10 MB field beside a ping", { k: "ping", pad: big }]
    ]
    const out: Array<{ label: string; answer: string; ms: number }> = []
    const details: unknown[] = []
    for (const [i, [label, payload]] of payloads.entries()) {
      const start = raw.got.length
      const t0 = performance.now()
      raw.port.postMessage(payload)
      raw.port.postMessage(send(`after-${i}`, { text: "after" }))
      await raw.next(start + 2)
      const pair = raw.got.slice(start, start + 2)
      const good = pair.find((g) => g.message.k === "res")
      const bad = pair.find((g) => g !== good)!.message
      const code = bad.k === "err" ? bad.code : ""
      const id = bad.k === "err" ? bad.id : ""
      if (bad.k === "err") details.push(bad.detail)
      const res = good?.message.k === "res" ? good.message.id : "none"
      out.push({
        label,
        answer: `${bad.k}:${code}:${id ?? "null"}|res:${res}`,
        ms: Math.round((good?.at ?? t0) - t0)
      })
    }
    return { out, details }
  })
  console.log(
    timings.out
      .map((t) => `${t.label}: next valid reply after ${t.ms} ms`)
      .join("\n")
  )
  // Each refused by the check that names what is wrong with it (and the
  // request it names, where it carries a readable id), then the next one
  // answered. No field names any more: the package answers codes only.
  expect(timings.out.map((t) => t.answer)).toEqual([
    "err:bad-request:null|res:after-0",
    "err:bad-request:null|res:after-1",
    "err:text-too-long:big|res:after-2",
    "err:bad-input:pad|res:after-3",
    "err:bad-request:null|res:after-4",
    "err:bad-input:keys|res:after-5",
    "err:bad-request:name|res:after-6",
    "pong::|res:after-7"
  ])
  // The limit comes with its code, as the handler's PortError detail.
  expect(timings.details[2]).toEqual({ limit: config.maxMessageLength })
  // Not frozen: the worker answered the message after each one (the wait
  // above returns only then). How long it took is logged, not asserted:
  // most of it is Chrome copying 10 MB between processes, which a loaded
  // machine stretches past any fixed bound.
})

test("a flood of 10,000 messages is answered in order, none lost, and the popup stays responsive", async () => {
  const popup = await session().openView("popup.html")
  await popup.connect()
  const flooder = await session().openView("popup.html")
  await openRawPort(flooder.page)
  // The connected popup measures how late its own timers run during the flood.
  await popup.page.evaluate(() => {
    const w = window as unknown as { __lag: number }
    w.__lag = 0
    let expected = performance.now() + 50
    setInterval(() => {
      const now = performance.now()
      w.__lag = Math.max(w.__lag, now - expected)
      expected = now + 50
    }, 50)
  })
  // Posting 10,000 messages in one synchronous loop blocks every page of
  // the extension's renderer process (the popup included) while it runs, so
  // the popup's lag is measured from the end of posting, while the replies,
  // entry events and log updates stream in.
  await flooder.page.evaluate(() => {
    const raw = (window as unknown as RawWindow).__raw
    const w = window as unknown as { __flood: { start: number; t0: number } }
    w.__flood = { start: raw.got.length, t0: performance.now() }
    for (let i = 0; i < 10_000; i++) {
      const id = `f-${i}`
      raw.port.postMessage({
        k: "req",
        id,
        name: "send",
        input: { id, text: `flood ${i}` }
      } satisfies ToServer)
    }
  })
  await popup.page.evaluate(() => {
    ;(window as unknown as { __lag: number }).__lag = 0
  })
  const result = await flooder.page.evaluate(async () => {
    const raw = (window as unknown as RawWindow).__raw
    const { start, t0 } = (
      window as unknown as { __flood: { start: number; t0: number } }
    ).__flood
    await raw.next(start + 10_000)
    const answers = raw.got.slice(start).map((g) => g.message)
    // Every answer a `res` to the request posted in the same position.
    const wrong = answers
      .map((m, i) => ({ i, k: m.k, id: "id" in m ? m.id : undefined }))
      .filter(({ i, k, id }) => k !== "res" || id !== `f-${i}`)
    return {
      count: answers.length,
      wrong: wrong.slice(0, 5),
      wrongCount: wrong.length,
      ms: performance.now() - t0
    }
  })
  console.log(`flood: 10,000 replies in ${result.ms.toFixed(0)} ms`)
  expect(result).toMatchObject({ count: 10_000, wrong: [], wrongCount: 0 })
  // The popup's log stays bounded (500 kept, a page of them in the DOM)
  // and it still works.
  await popup.page.waitForFunction(
    () => document.querySelector("#log")?.getAttribute("data-count") === "500",
    undefined,
    { timeout: 20_000 }
  )
  expect(
    await popup.page.locator("#log .log-entry").count()
  ).toBeLessThanOrEqual(TIMELINE_PAGE)
  const lag = await popup.page.evaluate(
    () => (window as unknown as { __lag: number }).__lag
  )
  console.log(
    `popup timer lag while the flood is answered: worst ${lag.toFixed(0)} ms`
  )
  // Reported, not asserted: every page of the extension shares one renderer
  // process, so the flooding page's own work lands on the popup's thread too
  // and the figure swings (0.4 to 2.7 s here). The popup must still work:
  await popup.send("still responsive")
  await popup.waitForResponse('Reply: Background received: "still responsive"')
  expect(await popup.page.locator("#logDropped").textContent()).toMatch(
    /older entries were dropped/
  )
})
