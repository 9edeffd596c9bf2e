import { reportBadgeError } from "~background/badge"
import { FAILED_COLORS, WAITING_COLORS } from "~badge/state"
import { syncBadge } from "~badge/sync"
import { badgeKey } from "~storage/layout"

import { contrastRatio } from "./support/contrast"
import { fakeOrigin, settle } from "./support/fake-badge"

/** What badge the worker shows for the shares it finds, and which shares it drops. */
function origin() {
  const fake = fakeOrigin()
  const errors: unknown[] = []
  /** A view that holds its lock and has written `share`, as share.ts does. */
  async function liveView(clientId: string, share: unknown) {
    const doc = fake.locks.document()
    void doc.request(badgeKey(clientId), {}, () => new Promise(() => {}))
    await fake.area.set({ [badgeKey(clientId)]: share })
    return doc
  }
  /** The worker starts (background/badge.ts) and its first refresh ends. */
  async function startWorker(parts = fake.parts()) {
    const sync = syncBadge(parts, (error) => errors.push(error))
    await settle()
    return sync
  }
  return { ...fake, errors, liveView, startWorker }
}

/** The badge the worker shows for live views with these shares. */
async function badgeFor(...shares: unknown[]) {
  const { action, liveView, startWorker } = origin()
  for (const [i, share] of shares.entries()) await liveView(`v${i}`, share)
  await startWorker()
  const { text, background, foreground, title } = action
  return { text, background, foreground, title }
}

const failed = { state: "failed" }
const waiting = (count: number) => ({ state: "waiting", count })

describe("the badge the worker shows", () => {
  it("is clear when no view has anything to say", async () => {
    const { action, errors, startWorker } = origin()
    action.text = "!"
    action.title = "old"
    await startWorker()
    expect(action).toMatchObject({ text: "", title: "" })
    expect(errors).toEqual([])
  })

  it("adds up the live views' waiting messages, in amber", async () => {
    expect(await badgeFor(waiting(2), waiting(3))).toEqual({
      text: "5",
      ...WAITING_COLORS,
      title: "Reconnecting: 5 messages wait to be sent."
    })
  })

  it("counts up to 99 in digits, and more as 99+", async () => {
    expect((await badgeFor(waiting(7))).text).toBe("7")
    expect((await badgeFor(waiting(99))).text).toBe("99")
    expect((await badgeFor(waiting(90), waiting(10))).text).toBe("99+")
  })

  it("shows a red ! while any live view failed, whatever the others wait for", async () => {
    expect(
      await badgeFor(waiting(4), failed, waiting(1), failed)
    ).toMatchObject({ text: "!", ...FAILED_COLORS })
  })

  it.each<[unknown[], string]>([
    [
      [failed],
      "A view lost its connection to the background: open it and click Connect."
    ],
    [
      [failed, waiting(3), failed],
      "2 views lost their connection to the background: open them and click Connect."
    ],
    [[waiting(1)], "Reconnecting: 1 message waits to be sent."],
    [[waiting(1), waiting(2)], "Reconnecting: 3 messages wait to be sent."]
  ])("titles %j as %j", async (shares, title) => {
    expect((await badgeFor(...shares)).title).toBe(title)
  })

  it.each([FAILED_COLORS, WAITING_COLORS])(
    "keeps its text readable on %j (WCAG AA, 4.5)",
    ({ background, foreground }) => {
      expect(contrastRatio(background, foreground)).toBeGreaterThanOrEqual(4.5)
    }
  )
})

describe("the shares the worker drops", () => {
  it("drops the share of a view whose lock nobody holds (it went while nothing ran)", async () => {
    const { action, area, liveView, startWorker } = origin()
    await area.set({ [badgeKey("gone")]: failed })
    await liveView("here", waiting(1))
    await startWorker()
    expect(area.items.has(badgeKey("gone"))).toBe(false)
    expect(area.items.has(badgeKey("here"))).toBe(true)
    expect(action.texts).not.toContain("!")
    expect(action.text).toBe("1")
  })

  it.each<[unknown, boolean]>([
    [{ state: "failed" }, true],
    [{ state: "waiting", count: 2 }, true],
    [{ state: "waiting", count: 0 }, false],
    [{ state: "waiting", count: 1.5 }, false],
    [{ state: "waiting", count: "2" }, false],
    [{ state: "waiting" }, false],
    [{ state: "failed", count: 1 }, false],
    [{ state: "waiting", count: 1, extra: true }, false],
    [{ state: "ok" }, false],
    [null, false],
    ["failed", false],
    [[], false]
  ])(
    "keeps a live view's share %j: %j (else removes it and says so)",
    async (share, kept) => {
      const { action, area, errors, liveView, startWorker } = origin()
      await liveView("v", share)
      await startWorker()
      expect(area.items.has(badgeKey("v"))).toBe(kept)
      expect(action.text !== "").toBe(kept)
      expect(errors.map(String)).toEqual(
        kept ? [] : [`Error: Malformed badge shares removed: ${badgeKey("v")}`]
      )
    }
  )

  it("leaves everything else stored alone", async () => {
    const { area, startWorker } = origin()
    await area.set({ "log:seq": 4, [badgeKey("odd")]: { state: "lost" } })
    await startWorker()
    expect([...area.items]).toEqual([["log:seq", 4]])
  })

  it("clears a live view's ! by itself once that view's page is gone", async () => {
    const { action, area, liveView, startWorker } = origin()
    const popup = await liveView("popup", failed)
    await startWorker()
    expect(action.text).toBe("!")
    popup.die()
    await settle()
    expect(area.items.has(badgeKey("popup"))).toBe(false)
    expect(action.text).toBe("")
  })

  it("follows shares written while it runs", async () => {
    const { action, liveView, startWorker } = origin()
    await startWorker()
    await liveView("late", waiting(2))
    await settle()
    expect(action.text).toBe("2")
  })

  it("keeps the share of the view it runs in", async () => {
    const { action, area, parts, liveView } = origin()
    const view = await liveView("me", waiting(4))
    syncBadge(parts(view), () => {})
    await settle()
    expect(area.items.has(badgeKey("me"))).toBe(true)
    expect(action.text).toBe("4")
  })

  it("stops watching and listening once stopped, without an error", async () => {
    const { area, action, errors, liveView, startWorker } = origin()
    const popup = await liveView("popup", failed)
    const sync = await startWorker()
    sync.stop()
    await settle()
    popup.die()
    await liveView("late", waiting(1))
    await settle()
    expect(area.items.has(badgeKey("popup"))).toBe(true)
    expect(action.text).toBe("!")
    expect(errors).toEqual([])
  })
})

describe("the worker's badge sync", () => {
  it("reads every key where getKeys is missing (older Firefox)", async () => {
    const { action, area, parts, liveView, startWorker } = origin()
    await liveView("a", waiting(1))
    await startWorker({
      ...parts(),
      area: Object.assign(area, { getKeys: undefined })
    })
    expect(area.gets.at(-1)).toBeNull()
    expect(action.text).toBe("1")
  })

  it("reports a badge call that threw, and the next refresh still works", async () => {
    const { action, errors, liveView, startWorker } = origin()
    await liveView("a", failed)
    action.failNext = new Error("no badge")
    const sync = await startWorker()
    expect(errors).toEqual([new Error("no badge")])
    await sync.refresh()
    expect(action.text).toBe("!")
  })

  it("runs one refresh at a time; changes heard during one share the next, which reads afresh", async () => {
    const { area, action, liveView, startWorker } = origin()
    let open = () => {}
    const gate = new Promise<void>((resolve) => (open = resolve))
    const reads: string[] = []
    const getKeys = area.getKeys.bind(area)
    area.getKeys = async () => {
      reads.push(reads.length === 0 ? "first" : "next")
      if (reads.length === 1) await gate
      return getKeys()
    }
    const sync = await startWorker()
    expect(reads).toEqual(["first"])
    await liveView("late", failed)
    await liveView("later", waiting(1))
    const next = sync.refresh()
    open()
    await next
    expect(reads).toEqual(["first", "next"])
    // The one that read after the late views' writes has the last word.
    expect(action.texts.at(-1)).toBe("!")
  })

  it("logs its errors, unless Chrome says the worker is stopping (No SW)", () => {
    const logged = jest.spyOn(console, "error").mockImplementation(() => {})
    const error = new Error("Quota exceeded")
    reportBadgeError(error)
    reportBadgeError(new Error("No SW"))
    expect(logged.mock.calls).toEqual([
      ["Could not update the toolbar badge", error]
    ])
    logged.mockRestore()
  })
})
