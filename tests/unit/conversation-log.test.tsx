import { act, render, screen } from "@testing-library/react"
import { useCallback } from "react"

import { Timeline } from "~components/Timeline"
import type { DeliverySource } from "~hooks/useConnection"
import { useConversationLog } from "~hooks/useConversationLog"
import type { LogEntry } from "~protocol"
import {
  DROPPED_KEY,
  ENTRY_PREFIX,
  entryKey,
  LOG_SHOWN,
  parseStoredLog,
  SEQ_KEY
} from "~storage/layout"
import { ConversationLog } from "~views/conversation-log"
import type { LogSnapshot } from "~views/conversation-log"
import type { Delivery } from "~views/conversation-types"
import type { LogChange } from "~views/log-feed"
import { createTimelineScroll } from "~views/timeline-scroll"

import { FakeSessionArea } from "./support/fake-storage"
import { scrollListUp, timelineProps } from "./support/timeline-props"

/** The timeline as the app renders it, over `log`, with nothing sent by this view. */
function TimelineOf({
  log,
  deliveries: source = deliveries
}: {
  log: LogSnapshot
  deliveries?: DeliverySource
}) {
  return <Timeline {...timelineProps(log, { deliveries: source, scroll })} />
}
const scroll = createTimelineScroll()

function entry(seq: number, clientId = "me", text = `m${seq}`): LogEntry {
  return {
    id: `id-${seq}`,
    seq,
    at: Date.UTC(2026, 10, 23, 12, 0, 0, seq),
    from: { clientId, kind: clientId === "me" ? "popup" : "sidepanel" },
    text,
    reply: `Background received: "${text}"`
  }
}

const key = entryKey

/** Stored items as the background leaves them: the entries and the last seq. */
function stored(items: Record<string, unknown>): Record<string, unknown> {
  const seqs = Object.keys(items)
    .filter((k) => k.startsWith(ENTRY_PREFIX))
    .map((k) => Number(k.slice(ENTRY_PREFIX.length)))
  return { [SEQ_KEY]: Math.max(0, ...seqs), ...items }
}

describe("ConversationLog", () => {
  const seqs = (log: ConversationLog) =>
    log.getSnapshot().entries.map((e) => e.seq)

  it("loads from storage in seq order, ignoring what is not an entry", () => {
    const log = new ConversationLog()
    log.load(
      parseStoredLog({
        [key(2)]: entry(2),
        [key(1)]: entry(1),
        junk: 1,
        [key(3)]: { seq: 3 }
      })
    )
    expect(seqs(log)).toEqual([1, 2])
  })

  it("stores an entry once when it arrives twice, and keeps what arrived during a read", () => {
    const log = new ConversationLog()
    log.upsert(entry(1))
    const since = log.mark()
    log.upsert(entry(1))
    log.upsert(entry(3))
    // A read started before entry 3 was written must not drop it.
    log.load(
      parseStoredLog({
        [key(1)]: entry(1),
        [key(2)]: entry(2),
        [DROPPED_KEY]: 4
      }),
      since
    )
    expect(seqs(log)).toEqual([1, 2, 3])
    expect(log.getSnapshot().dropped).toBe(4)
  })

  it("takes storage as the truth for what it held before the read", () => {
    // This view missed another view's Clear (it was not connected): storage
    // is empty, and the entries it still shows must go.
    const log = new ConversationLog()
    log.load(parseStoredLog({ [key(1)]: entry(1) }))
    log.upsert(entry(2))
    log.upsert(entry(3))
    const since = log.mark()
    log.upsert(entry(4, "other"))
    log.load(parseStoredLog({}), since)
    expect(seqs(log)).toEqual([4])
    // And a later read that has none of it (cleared again) drops the rest.
    log.load(parseStoredLog({}))
    expect(seqs(log)).toEqual([])
  })

  it("keeps seq order whatever order entries arrive in, and replaces one in place", () => {
    const log = new ConversationLog()
    log.upsert(entry(3))
    log.upsert(entry(1))
    log.upsert(entry(2))
    expect(seqs(log)).toEqual([1, 2, 3])
    const before = log.getSnapshot().entries
    log.upsert({ ...entry(2), rttMs: 5 })
    expect(seqs(log)).toEqual([1, 2, 3])
    expect(log.getSnapshot().entries[1].rttMs).toBe(5)
    // A snapshot is never changed afterwards.
    expect(before[1].rttMs).toBeUndefined()
  })

  it("keeps the last 500 and counts the rest as dropped", () => {
    const log = new ConversationLog()
    const items: Record<string, unknown> = { [DROPPED_KEY]: 5 }
    for (let seq = 1; seq <= LOG_SHOWN + 20; seq++) items[key(seq)] = entry(seq)
    log.load(parseStoredLog(items))
    expect(seqs(log)).toHaveLength(LOG_SHOWN)
    expect(seqs(log)[0]).toBe(21)
    expect(log.getSnapshot().dropped).toBe(25)
    log.upsert(entry(LOG_SHOWN + 21))
    expect(seqs(log)[0]).toBe(22)
    expect(log.getSnapshot().dropped).toBe(26)
  })

  it("clears entries and the dropped count", () => {
    const log = new ConversationLog()
    log.load(parseStoredLog({ [key(1)]: entry(1), [DROPPED_KEY]: 3 }))
    log.clear()
    expect(log.getSnapshot()).toEqual({
      entries: [],
      pending: [],
      live: [],
      dropped: 0
    })
  })

  it("ignores entries from before a Clear in later loads and upserts", () => {
    const log = new ConversationLog()
    log.load(parseStoredLog({ [key(1)]: entry(1), [key(2)]: entry(2) }))
    log.upsert(entry(3))
    log.clear()
    // A read or a relay that predates the Clear brings nothing back...
    log.load(parseStoredLog({ [key(2)]: entry(2), [key(3)]: entry(3) }))
    log.upsert(entry(3))
    expect(seqs(log)).toEqual([])
    // ...while what came after it (seq keeps counting up) is taken.
    log.load(parseStoredLog({ [key(3)]: entry(3), [key(4)]: entry(4) }))
    log.upsert(entry(5))
    expect(seqs(log)).toEqual([4, 5])
  })
})

/**
 * `chrome.storage.session` whose reads finish when the test says so: each
 * `readViewLog` waits at its first get, then reads the items `at` gives
 * (by default, what storage holds when the read finishes).
 */
function pausedSession(
  at: (
    items: () => Record<string, unknown>
  ) => () => Record<string, unknown> = (items) => items
) {
  const reads: Array<() => void> = []
  let items: Record<string, unknown> = {}
  let area = new FakeSessionArea()
  const session = {
    get(keys: string[]) {
      if (!keys.includes(SEQ_KEY)) return area.get(keys)
      const read = at(() => items)
      return new Promise((resolve) =>
        reads.push(() => {
          area = new FakeSessionArea(read())
          resolve(area.get(keys))
        })
      )
    }
  }
  globalThis.chrome = { storage: { session } } as unknown as typeof chrome
  return {
    finishReads: () => reads.splice(0).forEach((finish) => finish()),
    set: (next: Record<string, unknown>) => (items = stored(next)),
    setRaw: (next: Record<string, unknown>) => (items = next)
  }
}

/** A stored log of `initial`, its reads paused (see `pausedSession`). */
function fakeStorage(initial: Record<string, unknown>) {
  const storage = pausedSession()
  storage.set(initial)
  return storage
}

const waitForDraw = () =>
  act(() => new Promise((resolve) => setTimeout(resolve, 120)))

/** This view's one own message, replied; never changes. */
const replied = { state: "replied", attempts: 1, rttMs: 1.25 } as const
const deliveries: DeliverySource = {
  subscribe: () => () => {},
  get: (id) => (id === "id-1" ? replied : undefined)
}

describe("useConversationLog", () => {
  function Harness({
    listeners
  }: {
    listeners: Set<(change: LogChange) => void>
  }) {
    // Stable, as the conversation's `onLog` is: the hook's effect runs once.
    const onLog = useCallback(
      (listener: (change: LogChange) => void) => {
        listeners.add(listener)
        return () => void listeners.delete(listener)
      },
      [listeners]
    )
    const log = useConversationLog(onLog, { clientId: "me" })
    return <TimelineOf log={log} />
  }

  const emit = (
    listeners: Set<(change: LogChange) => void>,
    change: LogChange
  ) => act(() => listeners.forEach((l) => l(change)))

  /** The view is welcomed on a (re)connect and its re-read of storage finishes. */
  async function reconnect(
    listeners: Set<(change: LogChange) => void>,
    storage: ReturnType<typeof fakeStorage>
  ) {
    emit(listeners, { kind: "reload" })
    await act(async () => storage.finishReads())
    await waitForDraw()
  }

  it("reads the stored log, adds replies and relays, re-reads on each (re)connect, and clears", async () => {
    const storage = fakeStorage({ [key(1)]: entry(1) })
    const listeners = new Set<(change: LogChange) => void>()
    render(<Harness listeners={listeners} />)
    expect(screen.getByText("No messages yet.")).toBeInTheDocument()
    await waitForDraw()
    // A relay that lands before the first read finishes is not lost.
    emit(listeners, { kind: "entry", entry: entry(2, "other") })
    await act(async () => storage.finishReads())
    await waitForDraw()
    expect(document.querySelectorAll(".log-entry")).toHaveLength(2)
    expect(screen.getByText("Popup (this view)")).toBeInTheDocument()
    expect(screen.getByText("replied in 1.3 ms")).toBeInTheDocument()
    expect(screen.getByText("relayed")).toBeInTheDocument()
    // Once its sender reports the round trip, every view shows it.
    emit(listeners, {
      kind: "entry",
      entry: { ...entry(2, "other"), rttMs: 4 }
    })
    await waitForDraw()
    expect(screen.getByText("relayed, replied in 4.0 ms")).toBeInTheDocument()

    const { id, seq, at, text, reply } = entry(3)
    const from = { clientId: "me", kind: "popup" } as const
    emit(listeners, {
      kind: "entry",
      entry: { id, seq, at, text, reply, from }
    })
    await waitForDraw()
    expect(document.querySelectorAll(".log-own")).toHaveLength(2)

    // After a reconnect the view catches up with what it missed.
    storage.set({
      [key(1)]: entry(1),
      [key(2)]: entry(2, "other"),
      [key(3)]: entry(3),
      [key(4)]: entry(4, "other")
    })
    await reconnect(listeners, storage)
    expect(document.querySelectorAll(".log-entry")).toHaveLength(4)

    emit(listeners, { kind: "cleared" })
    await waitForDraw()
    expect(document.querySelectorAll(".log-entry")).toHaveLength(0)
  })

  it("empties on reconnect when another view cleared the log while this one was away", async () => {
    const storage = fakeStorage({ [key(1)]: entry(1), [key(2)]: entry(2) })
    const listeners = new Set<(change: LogChange) => void>()
    render(<Harness listeners={listeners} />)
    await waitForDraw()
    await act(async () => storage.finishReads())
    await waitForDraw()
    expect(document.querySelectorAll(".log-entry")).toHaveLength(2)
    // Disconnected, this view never hears the log-cleared; storage is empty
    // when it connects again.
    storage.set({})
    await reconnect(listeners, storage)
    expect(document.querySelectorAll(".log-entry")).toHaveLength(0)
    expect(screen.getByText("No messages yet.")).toBeInTheDocument()
  })

  it("drops a read started before another view's Clear", async () => {
    // Reads that take what storage holds when they start, and finish when
    // the test says so.
    const storage = pausedSession((items) => {
      const then = items()
      return () => then
    })
    storage.set({ [key(1)]: entry(1), [key(2)]: entry(2) })
    const finishReads = () => act(async () => storage.finishReads())
    const listeners = new Set<(change: LogChange) => void>()
    render(<Harness listeners={listeners} />)
    await waitForDraw()
    await finishReads()
    await waitForDraw()
    expect(document.querySelectorAll(".log-entry")).toHaveLength(2)
    // A reconnect starts a read, entry 3 is in storage by then...
    storage.set({ [key(1)]: entry(1), [key(2)]: entry(2), [key(3)]: entry(3) })
    emit(listeners, { kind: "reload" })
    // ...and another view's Clear (which empties storage) lands before the
    // read finishes.
    storage.setRaw({ [SEQ_KEY]: 3 })
    emit(listeners, { kind: "cleared" })
    await finishReads()
    await waitForDraw()
    expect(document.querySelectorAll(".log-entry")).toHaveLength(0)
    // What comes after the Clear shows.
    emit(listeners, { kind: "entry", entry: entry(4, "other") })
    await waitForDraw()
    expect(document.querySelectorAll(".log-entry")).toHaveLength(1)
  })

  it("renders hostile text in the log as text", async () => {
    const payload =
      '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'
    const storage = fakeStorage({ [key(1)]: entry(1, "other", payload) })
    render(<Harness listeners={new Set()} />)
    await waitForDraw()
    await act(async () => storage.finishReads())
    await waitForDraw()
    expect(document.querySelector(".log-out")?.textContent).toBe(`→ ${payload}`)
    expect(document.querySelector("#log img, #log script")).toBeNull()
  })

  it("says how many older entries were dropped", async () => {
    const storage = fakeStorage({ [key(9)]: entry(9), [DROPPED_KEY]: 8 })
    render(<Harness listeners={new Set()} />)
    await waitForDraw()
    await act(async () => storage.finishReads())
    await waitForDraw()
    expect(document.querySelector("#logDropped")).toHaveTextContent(
      "8 older entries were dropped"
    )
  })
})

describe("The timeline's own rows", () => {
  /** A delivery store the test changes by hand, counting reads per id. */
  function deliveryStore() {
    const listeners = new Set<() => void>()
    const states = new Map<string, Delivery>()
    const reads = new Map<string, number>()
    const source: DeliverySource = {
      subscribe: (onChange) => {
        listeners.add(onChange)
        return () => void listeners.delete(onChange)
      },
      get: (id) => {
        reads.set(id, (reads.get(id) ?? 0) + 1)
        return states.get(id)
      }
    }
    const set = (id: string, delivery: Delivery) =>
      act(() => {
        states.set(id, delivery)
        listeners.forEach((l) => l())
      })
    return { source, set, listeners, reads }
  }

  it("show their own message's delivery as it changes; other views' rows do not subscribe", () => {
    const store = deliveryStore()
    const log = new ConversationLog()
    log.load(
      parseStoredLog({
        [key(1)]: entry(1),
        [key(2)]: entry(2, "other"),
        [key(3)]: entry(3)
      })
    )
    const { unmount } = render(
      <TimelineOf log={log.getSnapshot()} deliveries={store.source} />
    )
    const delivery = (seq: number) =>
      document.querySelector(`[data-seq="${seq}"] .log-delivery`)?.textContent
    expect([delivery(1), delivery(2), delivery(3)]).toEqual([
      "replied",
      "relayed",
      "replied"
    ])
    // Only this view's two rows listen, and only for their own ids.
    expect(store.listeners.size).toBe(2)
    expect([...store.reads.keys()].sort()).toEqual(["id-1", "id-3"])

    store.set("id-3", { state: "replied", attempts: 1, rttMs: 2.5 })
    expect(delivery(3)).toBe("replied in 2.5 ms")
    expect(delivery(1)).toBe("replied")
    store.set("id-1", {
      state: "failed",
      attempts: 3,
      failure: { code: "disconnected" }
    })
    expect(delivery(1)).toBe("failed")

    unmount()
    expect(store.listeners.size).toBe(0)
  })
})

describe("The timeline for assistive technology", () => {
  it("is a region named by its heading, with a list the keyboard can reach", () => {
    const log = new ConversationLog()
    log.load(parseStoredLog(stored({ [key(1)]: entry(1) })))
    render(
      <TimelineOf
        log={log.getSnapshot()}
        deliveries={{ subscribe: () => () => {}, get: () => undefined }}
      />
    )
    const region = screen.getByRole("region", { name: "Conversation" })
    expect(region).toHaveAttribute("id", "log")
    const list = screen.getByRole("list", { name: "Conversation entries" })
    expect(list).toHaveAttribute("tabindex", "0")
    // The delivery state is words in the row, not a colour.
    expect(list.querySelector(".log-delivery")).toHaveTextContent("replied")
  })
})

describe("The timeline following new entries", () => {
  const nextFrame = () =>
    act(() => new Promise((resolve) => requestAnimationFrame(resolve)))
  const view = (log: ConversationLog) => <TimelineOf log={log.getSnapshot()} />

  it("scrolls to a new entry in the next frame while the user is at the bottom, and not after they scroll up", async () => {
    const scrollTo = jest.spyOn(Element.prototype, "scrollTo")
    const log = new ConversationLog()
    log.load(parseStoredLog({ [key(1)]: entry(1) }))
    const { rerender } = render(view(log))
    await nextFrame()
    scrollTo.mockClear()

    log.upsert(entry(2))
    rerender(view(log))
    // Not in the commit (that would force a layout while the reply is handled)...
    expect(scrollTo).not.toHaveBeenCalled()
    await nextFrame()
    // ...but before the frame is painted.
    expect(scrollTo).toHaveBeenCalledTimes(1)
    expect(scrollTo.mock.contexts[0]).toBe(document.querySelector("#log ol"))

    // The user scrolls up to read: 600 px of log, 200 in view, from the
    // end (400) to 100.
    scrollListUp(document.querySelector("#log ol")!, 100)
    scrollTo.mockClear()
    log.upsert(entry(3))
    rerender(view(log))
    await nextFrame()
    expect(scrollTo).not.toHaveBeenCalled()
    scrollTo.mockRestore()
  })
})
