import { ANSWERED_PREFIX } from "~storage/layout"
import { sleep } from "~tools/poll"

import {
  BURST,
  random,
  RECORD_WIRE,
  type Wire
} from "./support/lifecycle-scripts"
import { setUpPipeSession } from "./support/session-fixture"

/**
 * The connection across the MV3 service-worker lifecycle, driven over a CDP
 * pipe that never attaches to the worker, so Chromium stops it exactly as it
 * would for a user (Playwright's attach would keep it alive).
 */
const pipe = setUpPipeSession()
const openPopup = () => pipe.openView("popup.html")

/**
 * How long the idle test stays quiet: 45 s by default (past Chromium's 30 s
 * idle limit); `LIFECYCLE_IDLE_SECONDS=300` runs the five minutes.
 */
const IDLE_SECONDS = idleSeconds(process.env.LIFECYCLE_IDLE_SECONDS)

/** Reads LIFECYCLE_IDLE_SECONDS; a value that would not outlast the 30 s idle limit is refused, not run. */
function idleSeconds(raw: string | undefined): number {
  const seconds = Number(raw ?? 45)
  if (!Number.isFinite(seconds) || seconds <= 30) {
    throw new Error(
      `LIFECYCLE_IDLE_SECONDS must be a number above 30 (Chromium's idle limit), got ${JSON.stringify(raw)}`
    )
  }
  return seconds
}

test(
  `connected and idle for ${IDLE_SECONDS} s: still connected, the same worker answers at once`,
  async () => {
    const popup = await openPopup()
    await popup.connect()
    const [worker] = await pipe.browser().workerTargets()
    // Chromium stops an idle worker ~30 s after the last event; only the
    // view's heartbeat (a message on the port) can keep this one running.
    await sleep(IDLE_SECONDS * 1000)
    expect(await pipe.browser().workerTargets()).toEqual([worker])
    const text = `after ${IDLE_SECONDS} s of quiet`
    await popup.send(text)
    await popup.waitForResponse(`Reply: Background received: "${text}"`, 2000)
    expect(await popup.statusHistory()).toEqual([
      "Disconnected",
      "Connecting…",
      "Connected"
    ])
  },
  (IDLE_SECONDS + 60) * 1000
)

/** Page script: calls the `__viewConnected` binding each time the view shows Connected again. */
const SIGNAL_CONNECTED = `(() => {
  const read = () => document.querySelector("#status .status-label")?.textContent ?? null
  let last = read()
  new MutationObserver(() => {
    const label = read()
    if (label === "Connected" && last !== "Connected") window.__viewConnected("")
    last = label
  }).observe(document.body, { subtree: true, childList: true, characterData: true })
})()`

test("200 messages, the worker stopped twice per 20 mid-flight: each processed and replied once, in order", async () => {
  const seed = Number(process.env.LIFECYCLE_SEED ?? Date.now() % 1_000_000)
  console.log(`lifecycle stress seed: ${seed} (set LIFECYCLE_SEED to replay)`)
  const next = random(seed)
  const started = Date.now()

  const popup = await openPopup()
  await popup.page.evaluate(RECORD_WIRE)
  await popup.connect()
  await popup.page.send("ServiceWorker.enable")
  const stopWorkers = () => popup.page.send("ServiceWorker.stopAllWorkers")

  const texts: string[] = []
  const totals = (sent: number) =>
    `document.querySelector("#totals")?.textContent === "${sent} sent · ${sent} replied · 0 failed"`
  // The page tells us (over a CDP binding) the moment it shows Connected
  // again after a drop: that is when it re-sends what was lost and sends
  // what queued meanwhile, all at once.
  await popup.page.send("Runtime.addBinding", { name: "__viewConnected" })
  await popup.page.evaluate(SIGNAL_CONNECTED)
  let connectedAgain: (() => void) | null = null
  const offBinding = pipe
    .browser()
    .on("Runtime.bindingCalled", (params, session) => {
      if (session === popup.page.sessionId && params.name === "__viewConnected")
        connectedAgain?.()
    })
  const nextConnected = () =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error("The view did not reconnect")),
        15_000
      )
      connectedAgain = () => {
        clearTimeout(timer)
        connectedAgain = null
        resolve()
      }
    })

  // Rounds of 20 messages, sent through the form without waiting for
  // replies, two stops each: one at a random moment 0-40 ms into the burst
  // (messages on their way, being recorded or answered; the next ones go
  // out on the dying port, or queue while the view reconnects), and one a
  // random 0-4 ms after the view is Connected again, while its re-sends and
  // queued messages are in flight to the new worker. Between rounds the
  // view settles, so no message runs out of attempts.
  //
  // Ten rounds (200 messages), then more (up to 20) until at least one
  // message the old worker had recorded was re-sent and answered from its
  // record (its reply's `at` is older than its last post): the path the
  // background's de-duplication exists for. A background that processes a
  // re-sent id again either stores it twice or never answers from a record,
  // so it fails here every time (about a quarter of rounds hit the window).
  await popup.page.evaluate(BURST)
  const moments: string[] = []
  const burstTimes: number[] = []
  const answeredFromRecord = (wire: Wire) =>
    wire.replies.filter(
      (r) => wire.posts[r.id] > 1 && r.at < wire.lastPostAt[r.id]
    )
  let fromRecord = 0
  for (let round = 0; round < 10 || (fromRecord === 0 && round < 20); round++) {
    const stopAtMs = Math.floor(next() * 41)
    const afterConnectedMs = Math.floor(next() * 5)
    moments.push(`${stopAtMs}+${afterConnectedMs}`)
    const slice = Array.from(
      { length: 20 },
      (_, i) => `message ${round * 20 + i + 1}`
    )
    texts.push(...slice)
    const reconnected = nextConnected()
    const sending = popup.page.evaluate<number[]>(
      `window.__burst(${JSON.stringify(slice)})`
    )
    await sleep(stopAtMs)
    await stopWorkers()
    await reconnected
    await sleep(afterConnectedMs)
    await stopWorkers()
    burstTimes.push(Math.round((await sending).at(-1)!))
    await popup.page
      .waitFor(totals(texts.length), 30_000, `round ${round + 1} replied`)
      .catch(async (error) => {
        console.log(
          await popup.page.evaluate(
            `document.querySelector("#totals")?.textContent + " | " + [...document.querySelectorAll("#log li.log-own")].filter(li => li.dataset.state !== "replied").map(li => li.textContent).join(" | ") + " | " + document.querySelector("#status").textContent`
          ),
          await popup.statusHistory()
        )
        throw error
      })
    await popup.waitForStatus("Connected")
    fromRecord = answeredFromRecord(
      await popup.page.evaluate<Wire>(`window.__wire`)
    ).length
  }
  offBinding()

  // What the view saw: each message replied once, in the order sent, with
  // its seq increasing in that order, and back to Connected.
  const wire = await popup.page.evaluate<Wire>(`window.__wire`)
  const byText = new Map(wire.replies.map((r) => [r.text, r]))
  expect(wire.replies.map((r) => r.text)).toEqual(texts)
  const ids = texts.map((text) => byText.get(text)!.id)
  expect(new Set(ids).size).toBe(texts.length)
  console.log(
    `${texts.length} messages, ${moments.length * 2} stops (ms into the burst + ms after Connected again): ${moments.join(", ")}; bursts lasted ${burstTimes.join(", ")} ms`
  )
  const seqs = wire.replies.map((r) => r.seq)
  expect(seqs.every((seq, i) => i === 0 || seq > seqs[i - 1])).toBe(true)
  await popup.waitForStatus("Connected")
  const history = await popup.statusHistory()
  expect(
    history.filter((s) => s.startsWith("Reconnecting")).length
  ).toBeGreaterThanOrEqual(moments.length * 2)
  expect(history).not.toContain("Failed")
  expect(wire.ports).toBeGreaterThanOrEqual(moments.length * 2 + 1)

  const resent = ids.filter((id) => wire.posts[id] > 1)
  const recorded = answeredFromRecord(wire).map((r) => r.text)
  console.log(
    `re-sent: ${resent.length} of ${texts.length}, of which answered from the old worker's record: ${recorded.length} (${recorded.join(", ")}); posts per message: ${ids.map((id) => wire.posts[id]).join("")}`
  )

  // What the background kept: each id processed exactly once. The log has
  // each message once, in order; the answered ids have each id once.
  const log = await popup.storedLog()
  expect(log.map((entry) => entry.text)).toEqual(texts)
  expect(log.map((entry) => entry.id)).toEqual(ids)
  // Answered ids are stored in chunks: `ans:<chunk>` → [[id, seq, at, hash], …].
  const answered = await popup.page.evaluate<Array<{ id: string }>>(
    `chrome.storage.session.get(null).then((items) =>
      Object.entries(items)
        .filter(([key]) => key.startsWith(${JSON.stringify(ANSWERED_PREFIX)}))
        .flatMap(([, chunk]) => chunk)
        .map(([id, seq]) => ({ id, seq }))
        .sort((a, b) => a.seq - b.seq))`
  )
  expect(answered.map((record) => record.id)).toEqual(ids)

  // The re-send path really ran: some messages were posted more than once,
  // some of them after the old worker had recorded them (answered from the
  // record), and the view showed the attempts (data-attempts) as posted.
  expect(resent.length).toBeGreaterThan(0)
  expect(recorded.length).toBeGreaterThan(0)
  expect(Math.max(...Object.values(wire.shown))).toBeGreaterThan(1)
  for (const [id, shown] of Object.entries(wire.shown)) {
    expect({ id, shown }).toEqual({ id, shown: wire.posts[id] ?? shown })
  }

  console.log(
    `lifecycle stress: ${((Date.now() - started) / 1000).toFixed(1)} s`
  )
})
