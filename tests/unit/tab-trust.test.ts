import { readdirSync, readFileSync } from "node:fs"
import path from "node:path"

import { createTabGate } from "~background/tab-gate"
import type { SenderInfo } from "~background/trust"

import { FakeSessionArea } from "./support/fake-storage"

const ID = "ljoioadnjpbeboikmkhnfnekfkfhifif"

/** Our content script in tab 7's top frame, in document `doc`. */
const script = (doc = "doc-1", extra: Partial<SenderInfo> = {}) => ({
  sender: {
    id: ID,
    url: "https://example.test/",
    origin: "https://example.test",
    tab: { id: 7 },
    frameId: 0,
    documentId: doc,
    ...extra
  }
})

/** A gate over `area`, with tab 7's document `doc` injected. */
async function injected(area = new FakeSessionArea(), doc = "doc-1") {
  const gate = createTabGate<{ sender?: SenderInfo }>(area, ID)
  expect(await gate.inject(7, async () => doc)).toBe(true)
  return gate
}

describe("the tab gate's verdict", () => {
  it.each([
    ["another extension", { id: "x".repeat(32) }, "not-this-extension"],
    ["a sender that is not in a tab", { tab: undefined }, "not-a-top-frame"],
    ["a subframe", { frameId: 3 }, "not-a-top-frame"],
    ["another document of the tab", { documentId: "doc-2" }, "not-injected"],
    ["a sender with no document", { documentId: undefined }, "not-injected"]
  ])("refuses %s", async (_what, extra, reason) => {
    const gate = await injected()
    const port = script("doc-1", extra as Partial<SenderInfo>)
    expect(await gate.judge(port)).toEqual({ admit: false, reason })
  })

  it("refuses a port with no sender", async () => {
    const gate = await injected()
    expect(await gate.judge({})).toEqual({
      admit: false,
      reason: "not-this-extension"
    })
  })
})

describe("the tab gate", () => {
  it("admits the injected tab's port once, and another after it closed", async () => {
    const gate = await injected()
    const first = script()
    const second = script()
    expect(await gate.judge(first)).toEqual({ admit: true, tabId: 7 })
    expect(await gate.judge(second)).toEqual({
      admit: false,
      reason: "tab-taken"
    })
    gate.closed(first)
    expect(await gate.judge(second)).toEqual({ admit: true, tabId: 7 })
  })

  it("of two ports of one tab judged at once, admits only one", async () => {
    const gate = await injected()
    const verdicts = await Promise.all([
      gate.judge(script()),
      gate.judge(script())
    ])
    expect(verdicts.filter((verdict) => verdict.admit)).toHaveLength(1)
  })

  it("refuses a tab it never injected into", async () => {
    const gate = createTabGate(new FakeSessionArea(), ID)
    expect(await gate.judge(script())).toEqual({
      admit: false,
      reason: "not-injected"
    })
  })

  it("records nothing when the injection failed", async () => {
    const area = new FakeSessionArea()
    const gate = createTabGate(area, ID)
    expect(await gate.inject(7, async () => null)).toBe(false)
    expect(await gate.judge(script())).toMatchObject({ admit: false })
    expect(area.items.size).toBe(0)
  })

  it("holds a port that connects during its injection until the record is written", async () => {
    const area = new FakeSessionArea()
    const gate = createTabGate(area, ID)
    let finish!: (doc: string) => void
    const injecting = gate.inject(
      7,
      () => new Promise<string>((resolve) => (finish = resolve))
    )
    const verdict = gate.judge(script())
    finish("doc-1")
    expect(await verdict).toEqual({ admit: true, tabId: 7 })
    expect(await injecting).toBe(true)
  })

  it("keeps its record across a worker stop (a new gate over the same storage)", async () => {
    const area = new FakeSessionArea()
    await injected(area)
    const restarted = createTabGate(area, ID)
    expect(await restarted.judge(script())).toEqual({ admit: true, tabId: 7 })
  })

  it("forgets a tab after a navigation: its next document must be injected again", async () => {
    const area = new FakeSessionArea()
    const gate = await injected(area)
    await gate.forget(7)
    expect(await gate.judge(script())).toEqual({
      admit: false,
      reason: "not-injected"
    })
    // Even a record left behind does not admit the new document of a reload.
    await gate.inject(7, async () => "doc-1")
    expect(await gate.judge(script("doc-2"))).toEqual({
      admit: false,
      reason: "not-injected"
    })
  })

  it("forgets a tab whose widget's port leaves while it loads (a navigation)", async () => {
    const area = new FakeSessionArea()
    const gate = await injected(area)
    const widget = script()
    await gate.judge(widget)
    await gate.loading(7)
    expect(area.items.size).toBe(1)
    gate.closed(widget)
    await Promise.resolve()
    expect(area.items.size).toBe(0)
  })

  it("keeps the record through a same-document navigation (loading, then complete, port open)", async () => {
    const area = new FakeSessionArea()
    const gate = await injected(area)
    const widget = script()
    await gate.judge(widget)
    await gate.loading(7)
    gate.loaded(7)
    // Later the client reconnects (a heartbeat timeout): the same document gets back in.
    gate.closed(widget)
    expect(await gate.judge(script())).toEqual({ admit: true, tabId: 7 })
    expect(area.items.size).toBe(1)
  })

  it("forgets at once a tab that loads with no widget connected", async () => {
    const area = new FakeSessionArea()
    const gate = await injected(area)
    await gate.loading(7)
    expect(area.items.size).toBe(0)
  })

  it("cannot be talked into a record by what a page controls", async () => {
    const area = new FakeSessionArea({ "tab:7": { documentId: 42 } })
    const gate = createTabGate(area, ID)
    expect(await gate.judge(script())).toMatchObject({ admit: false })
  })
})

it("leaves chrome.storage.session out of content scripts' reach", () => {
  // The tab records are trusted because a content script cannot write them:
  // that holds only while nobody widens the area's access level.
  const root = path.resolve(__dirname, "../..")
  const callers = ["background", "views", "tab-widget", "components", "hooks"]
    .flatMap((dir) =>
      readdirSync(path.join(root, dir), { recursive: true, encoding: "utf8" })
        .filter((file) => /\.tsx?$/.test(file))
        .map((file) => path.join(dir, file))
    )
    .filter((file) =>
      /\.setAccessLevel\s*\(/.test(readFileSync(path.join(root, file), "utf8"))
    )
  // The one caller narrows it (and sync's) to trusted contexts, never wider.
  expect(callers).toEqual([path.join("background", "storage-access.ts")])
  const source = readFileSync(path.join(root, callers[0]), "utf8")
  expect(source).toContain('accessLevel: "TRUSTED_CONTEXTS"')
  expect(source).not.toContain("UNTRUSTED")
})
