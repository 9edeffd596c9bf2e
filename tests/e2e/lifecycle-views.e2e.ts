import { pollUntil, sleep } from "~tools/poll"

import {
  BURST,
  random,
  RECORD_WIRE,
  type Wire
} from "./support/lifecycle-scripts"
import { setUpPipeSession } from "./support/session-fixture"

/**
 * Two views across worker stops, Disconnect and an extension reload, over a
 * CDP pipe (see lifecycle.e2e.ts, whose file this was part of until it
 * passed 250 lines).
 */
const pipe = setUpPipeSession()
const openPopup = () => pipe.openView("popup.html")

test("popup and side panel streaming while the worker is stopped 10 times at random: each message replied once, in order per view", async () => {
  const seed = Number(process.env.LIFECYCLE_SEED ?? Date.now() % 1_000_000)
  console.log(`two-view stream seed: ${seed} (set LIFECYCLE_SEED to replay)`)
  const next = random(seed)
  const views = {
    popup: await openPopup(),
    // A window of its own: a tab behind the popup's would be hidden, and
    // Chromium throttles a hidden page's timers (a side panel is visible).
    panel: await pipe.openView("sidepanel.html", { newWindow: true })
  }
  const texts: Record<keyof typeof views, string[]> = { popup: [], panel: [] }
  for (const [name, view] of Object.entries(views)) {
    expect(await view.page.evaluate(`document.visibilityState`)).toBe("visible")
    await view.page.evaluate(RECORD_WIRE)
    await view.page.evaluate(BURST)
    await view.connect()
    texts[name as keyof typeof views] = Array.from(
      { length: 100 },
      (_, i) => `${name} ${i + 1}`
    )
  }

  // Both views stream 100 messages each, one every 15 ms; meanwhile the
  // worker is stopped 10 times, each 80-250 ms (seeded) after both views
  // are back, whatever is on its way at that moment. Counted from the
  // reconnect, not the last stop: a worker stopped again and again before
  // a view's oldest message could be answered is what the client's attempt
  // limit is for, and would fail that message by design.
  const streaming = Object.entries(views).map(([name, view]) =>
    view.page.evaluate(
      `window.__burst(${JSON.stringify(texts[name as keyof typeof views])}, 15)`
    )
  )
  const connections = async () =>
    Promise.all(
      Object.values(views).map(
        async (view) =>
          (await view.statusHistory()).filter((s) => s === "Connected").length
      )
    )
  const gaps: number[] = []
  for (let stop = 0; stop < 10; stop++) {
    const gap = 80 + Math.floor(next() * 171)
    gaps.push(gap)
    await sleep(gap)
    const before = await connections()
    await pipe.browser().stopAllWorkers(views.popup.page)
    await pollUntil(
      async () => (await connections()).every((n, i) => n > before[i]),
      10_000,
      () => new Error(`The views did not reconnect after stop ${stop + 1}`)
    )
  }
  await Promise.all(streaming)
  console.log(`worker stopped 10 times, ${gaps.join(", ")} ms apart`)

  for (const [name, view] of Object.entries(views)) {
    await view.page.waitFor(
      `document.querySelector("#totals")?.textContent === "100 sent · 100 replied · 0 failed"`,
      30_000,
      `${name}: every message replied`
    )
    await view.waitForStatus("Connected")
  }
  // Read once both views have every reply (each is posted only after its
  // record was handed to storage).
  const stored = await views.popup.storedLog()
  for (const [name, view] of Object.entries(views)) {
    const sent = texts[name as keyof typeof views]
    const wire = await view.page.evaluate<Wire>(`window.__wire`)
    // Each message's reply reached the view once, in the order it was sent.
    expect(wire.replies.map((r) => r.text)).toEqual(sent)
    const seqs = wire.replies.map((r) => r.seq)
    expect(seqs.every((seq, i) => i === 0 || seq > seqs[i - 1])).toBe(true)
    expect(await view.statusHistory()).not.toContain("Failed")
    // The background processed each of them once, in order.
    const ids = wire.replies.map((r) => r.id)
    expect(
      stored
        .filter((entry) => entry.text.startsWith(`${name} `))
        .map((e) => e.id)
    ).toEqual(ids)
    console.log(
      `${name}: ${wire.ports} ports, ${ids.filter((id) => wire.posts[id] > 1).length} messages re-sent`
    )
  }
  // The stops really hit the conversation: both views reconnected.
  for (const view of Object.values(views)) {
    expect(
      (await view.statusHistory()).filter((s) => s.startsWith("Reconnecting"))
        .length
    ).toBeGreaterThan(0)
  }
})

test("after Disconnect, stopping the worker changes nothing and nothing reconnects", async () => {
  const popup = await openPopup()
  await popup.connect()
  await popup.disconnect()
  // Counts the ports the view opens from now on.
  await popup.page.evaluate(RECORD_WIRE)
  await pipe.browser().stopAllWorkers(popup.page)
  await sleep(3000)
  expect(await popup.statusHistory()).toEqual([
    "Disconnected",
    "Connecting…",
    "Connected",
    "Disconnected"
  ])
  // Nothing connected again. (Whether the worker runs is no measure of
  // that: its tabs.onUpdated listener wakes it for any tab that loads.)
  expect((await popup.page.evaluate<Wire>(`window.__wire`)).ports).toBe(0)
})

test("extension reload while connected: Chrome closes the view, and a new one connects", async () => {
  const popup = await openPopup()
  await popup.connect()
  await popup.send("before reload")
  await popup.waitForResponse('Reply: Background received: "before reload"')
  await pipe.browser().reloadExtension()
  // The old view does not linger on a dead extension context showing
  // "Connected": Chrome closes every page of the extension it reloads.
  await expect(
    (async () => {
      for (let i = 0; i < 100; i++) {
        await popup.status()
        await sleep(50)
      }
    })()
  ).rejects.toThrow(/closed|not found/)
  const fresh = await openPopup()
  await fresh.connect()
  await fresh.send("after reload")
  await fresh.waitForResponse('Reply: Background received: "after reload"')
})
