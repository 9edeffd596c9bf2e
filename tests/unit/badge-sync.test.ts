import { FAILED_COLORS, WAITING_COLORS } from "~badge/state"
import { badgeLock, createBadgeSync, type BadgeDeps } from "~badge/sync"
import { badgeKey } from "~storage/layout"

import {
  FakeAction,
  FakeLockManager,
  NotifyingArea,
  settle,
  type FakeDocument
} from "./support/fake-badge"

/** A worker and the views around it, on one fake origin. */
function origin() {
  const area = new NotifyingArea()
  const locks = new FakeLockManager()
  const action = new FakeAction()
  const errors: unknown[] = []
  const deps = (doc: FakeDocument): BadgeDeps => ({
    area,
    locks: doc,
    action,
    onError: (error) => errors.push(error)
  })
  /** A view that holds its lock and has written `share`, as badge-share.ts does. */
  async function liveView(clientId: string, share: unknown) {
    const doc = locks.document()
    void doc.request(badgeLock(clientId), {}, () => new Promise(() => {}))
    await area.set({ [badgeKey(clientId)]: share })
    return doc
  }
  return { area, locks, action, errors, deps, liveView }
}

describe("the badge sync", () => {
  it("clears the badge when no view has anything to say", async () => {
    const { deps, locks, action, errors } = origin()
    action.text = "!"
    action.title = "old"
    await createBadgeSync(deps(locks.document()), null).refresh()
    expect(action).toMatchObject({ text: "", title: "" })
    expect(errors).toEqual([])
  })

  it("shows the live views' waiting messages, added up, in amber", async () => {
    const { deps, locks, action, liveView } = origin()
    await liveView("a", { state: "waiting", count: 2 })
    await liveView("b", { state: "waiting", count: 3 })
    await createBadgeSync(deps(locks.document()), null).refresh()
    expect(action).toMatchObject({
      text: "5",
      background: WAITING_COLORS.background,
      foreground: WAITING_COLORS.foreground,
      title: "Reconnecting: 5 messages wait to be sent."
    })
  })

  it("shows a red ! while any live view failed", async () => {
    const { deps, locks, action, liveView } = origin()
    await liveView("a", { state: "waiting", count: 2 })
    await liveView("b", { state: "failed" })
    await createBadgeSync(deps(locks.document()), null).refresh()
    expect(action).toMatchObject({
      text: "!",
      background: FAILED_COLORS.background,
      foreground: FAILED_COLORS.foreground
    })
  })

  it("drops the share of a view whose lock nobody holds (it went while nothing ran)", async () => {
    const { deps, locks, action, area, liveView } = origin()
    await area.set({ [badgeKey("gone")]: { state: "failed" } })
    await liveView("here", { state: "waiting", count: 1 })
    await createBadgeSync(deps(locks.document()), null).refresh()
    expect(area.items.has(badgeKey("gone"))).toBe(false)
    expect(area.items.has(badgeKey("here"))).toBe(true)
    expect(action.text).toBe("1")
  })

  it("removes a malformed share and says so", async () => {
    const { deps, locks, action, area, errors } = origin()
    await area.set({ [badgeKey("odd")]: { state: "failed", since: 1 } })
    await createBadgeSync(deps(locks.document()), null).refresh()
    expect(area.items.has(badgeKey("odd"))).toBe(false)
    expect(action.text).toBe("")
    expect(String(errors[0])).toContain(badgeKey("odd"))
  })

  it("clears a live view's ! by itself once that view's page is gone", async () => {
    const { deps, locks, action, area, liveView } = origin()
    const popup = await liveView("popup", { state: "failed" })
    await createBadgeSync(deps(locks.document()), null).refresh()
    expect(action.text).toBe("!")
    popup.die()
    await settle()
    expect(area.items.has(badgeKey("popup"))).toBe(false)
    expect(action.text).toBe("")
  })

  it("keeps its own share without watching its own lock", async () => {
    const { deps, action, area, liveView } = origin()
    const view = await liveView("me", { state: "waiting", count: 4 })
    const sync = createBadgeSync(deps(view), "me")
    await sync.refresh()
    await settle()
    expect(area.items.has(badgeKey("me"))).toBe(true)
    expect(action.text).toBe("4")
  })

  it("stops watching once disposed, without an error", async () => {
    const { deps, locks, area, errors, liveView } = origin()
    const popup = await liveView("popup", { state: "failed" })
    const sync = createBadgeSync(deps(locks.document()), null)
    await sync.refresh()
    sync.dispose()
    await settle()
    popup.die()
    await settle()
    expect(area.items.has(badgeKey("popup"))).toBe(true)
    expect(errors).toEqual([])
  })

  it("reads every key where getKeys is missing (older Firefox)", async () => {
    const { deps, locks, action, area, liveView } = origin()
    await liveView("a", { state: "waiting", count: 1 })
    const sync = createBadgeSync(
      {
        ...deps(locks.document()),
        area: {
          get: (keys) => area.get(keys),
          set: (items) => area.set(items),
          remove: (keys) => area.remove(keys)
        }
      },
      null
    )
    await sync.refresh()
    expect(area.gets.at(-1)).toBeNull()
    expect(action.text).toBe("1")
  })

  it("reports a badge call that threw, and the next refresh still works", async () => {
    const { deps, locks, action, errors, liveView } = origin()
    await liveView("a", { state: "failed" })
    const sync = createBadgeSync(deps(locks.document()), null)
    action.failNext = new Error("no badge")
    await sync.refresh()
    expect(errors).toEqual([new Error("no badge")])
    await sync.refresh()
    expect(action.text).toBe("!")
  })

  it("runs one refresh at a time; calls made during one share the next, which reads afresh", async () => {
    const { deps, locks, area, action, liveView } = origin()
    let open = () => {}
    const gate = new Promise<void>((resolve) => (open = resolve))
    const reads: string[] = []
    const getKeys = area.getKeys.bind(area)
    area.getKeys = async () => {
      reads.push(reads.length === 0 ? "first" : "next")
      if (reads.length === 1) await gate
      return getKeys()
    }
    const sync = createBadgeSync(deps(locks.document()), null)
    const first = sync.refresh()
    await settle()
    expect(reads).toEqual(["first"])
    await liveView("late", { state: "failed" })
    const second = sync.refresh()
    expect(sync.refresh()).toBe(second)
    expect(second).not.toBe(first)
    open()
    await second
    expect(reads).toEqual(["first", "next"])
    // The one that read after the late view's write has the last word.
    expect(action.texts.at(-1)).toBe("!")
  })
})
