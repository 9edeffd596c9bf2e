import type { ItemState, Status } from "mv3-port/core"

import { shareBadge } from "~badge/share"
import { badgeKey } from "~storage/layout"
import type {
  ConversationSnapshot,
  OwnMessage
} from "~views/conversation-types"

import { fakeOrigin, settle, type FakeDocument } from "./support/fake-badge"

const STATUSES: Status[] = [
  "disconnected",
  "connecting",
  "connected",
  "reconnecting",
  "failed"
]
const ITEM_STATES: ItemState[] = ["queued", "sending", "replied", "failed"]

/** A view's conversation client, as the badge reads it. */
class FakeView {
  private listeners = new Set<() => void>()
  private snapshot: Pick<ConversationSnapshot, "status" | "messages"> = {
    status: "disconnected",
    messages: []
  }

  constructor(readonly clientId: string) {}

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => void this.listeners.delete(listener)
  }

  getSnapshot() {
    return this.snapshot
  }

  /** The view is now `status` with messages in `states`. */
  is(status: Status, states: ItemState[] = []): void {
    const messages = states.map(
      (state, i) =>
        ({
          id: `${this.clientId}-${i}`,
          text: "hi",
          state,
          attempts: 1
        }) as OwnMessage
    )
    this.snapshot = { status, messages }
    for (const listener of [...this.listeners]) listener()
  }
}

let warned: jest.SpyInstance
beforeEach(() => {
  warned = jest.spyOn(console, "warn").mockImplementation(() => {})
})
afterEach(() => warned.mockRestore())

/** The errors views warned about. */
const errors = () => warned.mock.calls.map(([, error]) => error as unknown)

function origin() {
  const fake = fakeOrigin()
  /** Opens a view page sharing the badge, as useConnection does. */
  function open(clientId: string, doc: FakeDocument = fake.locks.document()) {
    const view = new FakeView(clientId)
    const stop = shareBadge(view, fake.parts(doc))
    return { view, doc, stop }
  }
  return { ...fake, open }
}

/** What view "v" shares in storage once it is `status` with messages in `states`. */
async function shareFor(status: Status, states: ItemState[]) {
  const { area, open } = origin()
  open("v").view.is(status, states)
  await settle()
  return area.items.get(badgeKey("v")) ?? null
}

describe("what a view shares", () => {
  it.each(STATUSES)(
    "with nothing in the outbox, %s has no share, except failed",
    async (status) => {
      expect(await shareFor(status, [])).toEqual(
        status === "failed" ? { state: "failed" } : null
      )
    }
  )

  it.each(
    STATUSES.flatMap((status) =>
      ITEM_STATES.map((item): [Status, ItemState] => [status, item])
    )
  )("%s with one %s message", async (status, item) => {
    const waits =
      (status === "connecting" || status === "reconnecting") &&
      (item === "queued" || item === "sending")
    expect(await shareFor(status, [item])).toEqual(
      status === "failed"
        ? { state: "failed" }
        : waits
          ? { state: "waiting", count: 1 }
          : null
    )
  })

  it("counts queued and sending messages while reconnecting, not settled ones", async () => {
    const mixed = [...ITEM_STATES, ...ITEM_STATES, ...ITEM_STATES]
    expect(await shareFor("reconnecting", mixed)).toEqual({
      state: "waiting",
      count: 6
    })
    expect(await shareFor("connected", mixed)).toBeNull()
    expect(await shareFor("disconnected", mixed)).toBeNull()
  })

  it("writes a share only when it changes", async () => {
    const { area, open } = origin()
    const { view } = open("popup")
    view.is("reconnecting", ["queued"])
    await settle()
    const writes = area.writes
    view.is("reconnecting", ["queued", "replied"])
    view.is("connecting", ["sending"])
    await settle()
    expect(area.writes).toBe(writes)
    view.is("reconnecting", ["queued", "queued"])
    await settle()
    expect(area.writes).toBe(writes + 1)
  })
})

describe("a view sharing the badge", () => {
  it("counts its waiting messages while reconnecting, and clears once connected", async () => {
    const { area, action, open } = origin()
    const { view } = open("popup")
    view.is("connected")
    await settle()
    expect(action.text).toBe("")
    view.is("reconnecting", ["sending", "queued", "replied"])
    await settle()
    expect(area.items.get(badgeKey("popup"))).toEqual({
      state: "waiting",
      count: 2
    })
    expect(action.text).toBe("2")
    view.is("connected", ["replied", "replied", "replied"])
    await settle()
    expect(area.items.has(badgeKey("popup"))).toBe(false)
    expect(action.text).toBe("")
    expect(errors()).toEqual([])
  })

  it("shows ! while it has failed, and clears after the user's Connect", async () => {
    const { action, open } = origin()
    const { view } = open("popup")
    view.is("failed", ["failed"])
    await settle()
    expect(action.text).toBe("!")
    view.is("connecting")
    await settle()
    expect(action.text).toBe("")
  })

  it("writes nothing before it holds its lock", async () => {
    const { area, locks, action, open } = origin()
    const squatter = locks.document()
    let leave = () => {}
    void squatter.request(
      badgeKey("popup"),
      {},
      () => new Promise<void>((resolve) => (leave = resolve))
    )
    const { view } = open("popup")
    view.is("failed")
    await settle()
    expect(area.writes).toBe(0)
    leave()
    await settle()
    expect(area.items.get(badgeKey("popup"))).toEqual({ state: "failed" })
    expect(action.text).toBe("!")
  })

  it("follows the other views: any failed one wins, else their counts add up", async () => {
    const { action, open } = origin()
    const popup = open("popup")
    const panel = open("panel")
    popup.view.is("reconnecting", ["queued"])
    panel.view.is("reconnecting", ["queued", "queued"])
    await settle()
    expect(action.text).toBe("3")
    popup.view.is("failed")
    await settle()
    expect(action.text).toBe("!")
    // The side panel hears the popup's page go (its lock), and the ! with it.
    popup.doc.die()
    await settle()
    expect(action.text).toBe("2")
  })

  it("takes its share with it when it stops, and sets the badge as the last view", async () => {
    const { area, locks, action, open } = origin()
    const { view, stop } = open("popup")
    view.is("reconnecting", ["queued"])
    await settle()
    expect(action.text).toBe("1")
    stop()
    await settle()
    expect(area.items.has(badgeKey("popup"))).toBe(false)
    expect(action.text).toBe("")
    expect(locks.held.has(badgeKey("popup"))).toBe(false)
    view.is("failed")
    await settle()
    expect(area.items.size).toBe(0)
  })

  it("says why when it cannot take its lock, and writes nothing", async () => {
    const { area, locks, open } = origin()
    const doc = locks.document()
    doc.request = () => Promise.reject(new Error("no locks here"))
    const { view } = open("popup", doc)
    view.is("failed")
    await settle()
    expect(errors()).toEqual([new Error("no locks here")])
    expect(area.writes).toBe(0)
  })

  it("reports a storage write that failed, and writes the next share", async () => {
    const { area, action, open } = origin()
    const set = area.set.bind(area)
    let failures = 1
    area.set = async (items) => {
      if (failures-- > 0) throw new Error("quota")
      return set(items)
    }
    const { view } = open("popup")
    view.is("reconnecting", ["queued"])
    await settle()
    expect(errors()).toEqual([new Error("quota")])
    view.is("reconnecting", ["queued", "queued"])
    await settle()
    expect(action.text).toBe("2")
  })
})
