import { render, screen } from "@testing-library/react"
import userEvent from "@testing-library/user-event"

import { Timeline } from "~components/Timeline"
import type { DeliverySource } from "~hooks/useConnection"
import type { LogEntry } from "~protocol"
import {
  ConversationLog,
  messageKey,
  type LogSnapshot
} from "~views/conversation-log"
import type { OwnMessage } from "~views/conversation-types"
import { lastRowKey, rowsAfter, rowsFrom, TIMELINE_PAGE } from "~views/timeline"
import {
  createTimelineScroll,
  type Scroller,
  type TimelineScroll
} from "~views/timeline-scroll"

import { scrollListUp, timelineProps } from "./support/timeline-props"

function entry(seq: number, clientId = "other"): LogEntry {
  return {
    id: `id-${seq}`,
    seq,
    at: Date.UTC(2026, 11, 2, 12, 0, 0, seq),
    from: { clientId, kind: clientId === "me" ? "popup" : "sidepanel" },
    text: `m${seq}`,
    reply: `Background received: "m${seq}"`
  }
}

function message(
  id: string,
  state: OwnMessage["state"],
  extra: Partial<OwnMessage> = {}
): OwnMessage {
  return { id, text: id, state, attempts: 1, ...extra } as OwnMessage
}

function snapshot(
  entries: LogEntry[],
  pending: OwnMessage[] = [],
  dropped = 0
): LogSnapshot {
  const log = new ConversationLog()
  log.load({ entries, dropped })
  log.setPending(pending, "me")
  return log.getSnapshot()
}

/** The newest `limit` entries' rows, then the running streams and every pending message. */
const newestRows = (log: LogSnapshot, clientId: string, limit: number) =>
  rowsFrom(log, clientId, log.entries.length - limit)

const seqs = (n: number, from = 1) =>
  Array.from({ length: n }, (_, i) => entry(from + i))

describe("the timeline's rows", () => {
  it("are the entries in seq order, then this view's unanswered messages in the order typed", () => {
    const log = snapshot(
      [entry(3), entry(1, "me"), entry(2)],
      [message("b", "sending"), message("a", "queued"), message("c", "failed")]
    )
    expect(newestRows(log, "me", 50).map((row) => row.key)).toEqual([
      "me/id-1",
      "other/id-2",
      "other/id-3",
      "me/b",
      "me/a",
      "me/c"
    ])
    expect(newestRows(log, "me", 50)[0]).toMatchObject({
      kind: "entry",
      own: true
    })
  })

  it("show a message once: when its entry is recorded, or once replied, it is no longer pending", () => {
    const recorded = { ...entry(1, "me"), id: "a" }
    const log = snapshot(
      [recorded],
      [message("a", "sending"), message("b", "replied"), message("c", "queued")]
    )
    expect(log.pending.map((m) => m.id)).toEqual(["c"])
    // The same id from another view is another message.
    const other = snapshot([{ ...entry(1), id: "c" }], [message("c", "queued")])
    expect(other.pending.map((m) => m.id)).toEqual(["c"])
  })

  it("keep their key when a message goes from pending to recorded", () => {
    const pending = snapshot([], [message("a", "sending")])
    const recorded = snapshot([{ ...entry(1, "me"), id: "a" }])
    expect(newestRows(pending, "me", 50)[0].key).toBe(
      newestRows(recorded, "me", 50)[0].key
    )
  })

  it("window the newest entries and never cut a pending message", () => {
    const log = snapshot(seqs(500), [message("p", "failed")])
    const rows = newestRows(log, "me", TIMELINE_PAGE)
    expect(rows).toHaveLength(TIMELINE_PAGE + 1)
    expect(rows[0].key).toBe("other/id-451")
    expect(rows.at(-1)!.key).toBe("me/p")
  })

  it("count what arrived after the newest row the reader saw", () => {
    const seen = snapshot(seqs(3))
    const key = lastRowKey(seen, "me")
    expect(key).toBe(messageKey("other", "id-3"))
    const later = snapshot(seqs(5), [message("q", "queued")])
    expect(rowsAfter(later, "me", key)).toBe(3)
    expect(rowsAfter(later, "me", lastRowKey(later, "me"))).toBe(0)
    // Cleared (or dropped from the bounded log): everything is new.
    expect(rowsAfter(snapshot(seqs(2, 10)), "me", key)).toBe(2)
    expect(lastRowKey(snapshot([]), "me")).toBeNull()
  })
})

/** A scroll element with a layout the test sets: `height` of rows, `view` shown. */
function fakeScroller(height: number, view: number) {
  const el = {
    scrollHeight: height,
    clientHeight: view,
    scrollTop: height - view,
    scrollTo: jest.fn((options: ScrollToOptions) => {
      el.scrollTop = Math.min(options.top ?? 0, el.scrollHeight - view)
    }),
    scrollBy: jest.fn((options: ScrollToOptions) => {
      el.scrollTop += options.top ?? 0
    })
  }
  return el
}

describe("following the newest row", () => {
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve))

  it("follows at the end, stops when the reader scrolls up, and follows again at the end", async () => {
    const scroll = createTimelineScroll()
    const el = fakeScroller(1000, 200)
    scroll.attach(el as unknown as Scroller)
    scroll.keepNewestInView()
    await frame()
    expect(el.scrollTo).toHaveBeenCalledTimes(1)

    // Rows arrive between our scroll to the end and its scroll event: the
    // end moved away, the reader did not, and the following goes on.
    el.scrollHeight = 1400
    scroll.scrolled("other/id-5")
    expect(scroll.getState()).toEqual({ following: true })
    el.scrollHeight = 1000

    el.scrollTop = 300
    scroll.scrolled("other/id-7")
    expect(scroll.getState()).toEqual({
      following: false,
      lastSeen: "other/id-7"
    })
    scroll.keepNewestInView()
    await frame()
    expect(el.scrollTo).toHaveBeenCalledTimes(1)

    // Within a partly shown row of the end counts as the end.
    el.scrollTop = 790
    scroll.scrolled("other/id-9")
    expect(scroll.getState()).toEqual({ following: true })
  })

  it("does not pull back a reader who scrolled up after rows changed, before the frame", async () => {
    const scroll = createTimelineScroll()
    const el = fakeScroller(1000, 200)
    scroll.attach(el as unknown as Scroller)
    scroll.keepNewestInView()
    el.scrollTop = 500
    scroll.scrolled("other/id-3")
    await frame()
    expect(el.scrollTo).not.toHaveBeenCalled()
    expect(el.scrollTop).toBe(500)
  })

  it("stops following when a key scrolls up in the same frame as its own scroll to a tall new row", async () => {
    const scroll = createTimelineScroll()
    const el = fakeScroller(1000, 200)
    scroll.attach(el as unknown as Scroller)
    // A 300 px row arrives and is brought into view...
    el.scrollHeight = 1300
    scroll.keepNewestInView("other/id-4")
    await frame()
    expect(el.scrollTop).toBe(1100)
    // ...then PageUp and ArrowUp before that frame's scroll event, which
    // reports all three scrolls at once.
    scroll.key("PageUp")
    scroll.key("ArrowUp")
    expect(el.scrollTop).toBe(900)
    scroll.scrolled("other/id-4")
    expect(scroll.getState()).toEqual({
      following: false,
      lastSeen: "other/id-4"
    })
  })

  it("stops following at a key's scroll up, before any scroll event (a page in a background tab has no frames)", () => {
    const scroll = createTimelineScroll()
    const el = fakeScroller(1000, 200)
    scroll.attach(el as unknown as Scroller)
    scroll.keepNewestInView("other/id-8")
    scroll.key("ArrowDown")
    expect(scroll.getState()).toEqual({ following: true })
    scroll.key("PageUp")
    expect(scroll.getState()).toEqual({
      following: false,
      lastSeen: "other/id-8"
    })
    // The scroll event, when it comes, finds nothing new.
    scroll.scrolled("other/id-9")
    expect(scroll.getState()).toEqual({
      following: false,
      lastSeen: "other/id-8"
    })
  })

  it("jumps to the newest and follows again, and tells its subscribers once per change", () => {
    const scroll = createTimelineScroll()
    const el = fakeScroller(1000, 200)
    scroll.attach(el as unknown as Scroller)
    const heard = jest.fn()
    scroll.subscribe(heard)
    el.scrollTop = 0
    scroll.scrolled(null)
    scroll.scrolled(null)
    expect(heard).toHaveBeenCalledTimes(1)
    scroll.jumpToNewest()
    expect(scroll.getState()).toEqual({ following: true })
    expect(el.scrollTop).toBe(800)
    expect(heard).toHaveBeenCalledTimes(2)
  })

  it("scrolls for the composer's Up, Down, PageUp and PageDown, and nothing else", () => {
    const scroll = createTimelineScroll()
    const el = fakeScroller(1000, 200)
    scroll.attach(el as unknown as Scroller)
    expect(
      ["ArrowUp", "ArrowDown", "PageUp", "PageDown"].map(scroll.key)
    ).toEqual([true, true, true, true])
    expect(el.scrollBy.mock.calls.map(([o]) => o.top)).toEqual([
      -40, 40, -160, 160
    ])
    expect(scroll.key("a")).toBe(false)
    expect(scroll.key("constructor")).toBe(false)
    expect(el.scrollBy).toHaveBeenCalledTimes(4)
  })
})

describe("Timeline", () => {
  const noDeliveries: DeliverySource = {
    subscribe: () => () => {},
    get: () => undefined
  }

  function renderTimeline(
    log: LogSnapshot,
    options: {
      scroll?: TimelineScroll
      onRetry?: (id: string) => void
      canRetry?: boolean
    } = {}
  ) {
    const scroll = options.scroll ?? createTimelineScroll()
    const view = (next: LogSnapshot) => (
      <Timeline
        {...timelineProps(next, {
          deliveries: noDeliveries,
          scroll,
          onRetry: options.onRetry ?? (() => {}),
          canRetry: options.canRetry ?? true
        })}
      />
    )
    const result = render(view(log))
    return {
      ...result,
      scroll,
      update: (next: LogSnapshot) => result.rerender(view(next))
    }
  }
  const delivery = (id: string) =>
    document.querySelector(`[data-id="${id}"] .log-delivery`)?.textContent

  it("says each of this view's messages' state in words, and a failure's reason with Retry", async () => {
    const onRetry = jest.fn()
    renderTimeline(
      snapshot(
        [
          { ...entry(1, "me"), rttMs: 3.25 },
          { ...entry(2), rttMs: 4 },
          entry(3)
        ],
        [
          message("q", "queued"),
          message("s", "sending"),
          message("f", "failed", {
            attempts: 3,
            failure: { code: "no-reply-after-attempts", attempts: 3 }
          })
        ]
      ),
      { onRetry }
    )
    expect(["id-1", "id-2", "id-3", "q", "s", "f"].map(delivery)).toEqual([
      "replied in 3.3 ms",
      "relayed, replied in 4.0 ms",
      "relayed",
      "queued",
      "sending…",
      "failed"
    ])
    const failed = document.querySelector('[data-id="f"]')!
    expect(failed).toHaveAttribute("data-attempts", "3")
    expect(failed).toHaveTextContent("No reply after 3 attempts.")
    // Only the failed message offers Retry, and Retry sends that one.
    expect(screen.getAllByRole("button", { name: /^Retry/ })).toHaveLength(1)
    await userEvent.click(screen.getByRole("button", { name: "Retry “f”" }))
    expect(onRetry).toHaveBeenCalledWith("f")
  })

  it("shows another view's streamed reply live, until its entry takes its place", () => {
    const log = new ConversationLog()
    log.load({ entries: [entry(1)], dropped: 0 })
    const live = {
      id: "s1",
      from: { clientId: "other", kind: "sidepanel" as const },
      text: "hello",
      reply: "Background "
    }
    log.setLive(live)
    const { update } = renderTimeline(log.getSnapshot())
    const row = () => document.querySelector('[data-id="s1"]')!
    expect(row().querySelector(".log-delivery")).toHaveTextContent("streaming…")
    expect(row().querySelector(".log-in")).toHaveTextContent("Background")
    log.setLive({ ...live, reply: "Background received: " })
    update(log.getSnapshot())
    expect(row().querySelector(".log-in")).toHaveTextContent(
      "Background received:"
    )
    log.upsert({
      ...entry(2),
      id: "s1",
      text: "hello",
      reply: 'Background received: "hello"'
    })
    update(log.getSnapshot())
    expect(document.querySelectorAll('[data-id="s1"]')).toHaveLength(1)
    expect(row()).toHaveAttribute("data-seq", "2")
    expect(row().querySelector(".log-delivery")).toHaveTextContent("relayed")
  })

  it("renders a page of a 500-entry log, and a page more per Show older", async () => {
    renderTimeline(snapshot(seqs(500)))
    const rows = () => document.querySelectorAll("#log .log-entry")
    expect(rows()).toHaveLength(TIMELINE_PAGE)
    expect(document.querySelector("#log")).toHaveAttribute("data-count", "500")
    expect(screen.getByText("500 entries")).toBeInTheDocument()
    await userEvent.click(
      screen.getByRole("button", { name: "Show older (450 more)" })
    )
    expect(rows()).toHaveLength(2 * TIMELINE_PAGE)
    expect(rows()[0]).toHaveAttribute("data-seq", "401")
  })

  it("offers “N new” once the reader has scrolled up, and jumps down with it", async () => {
    const { scroll, update } = renderTimeline(snapshot(seqs(5)))
    const list = screen.getByRole("list", { name: "Conversation entries" })
    scrollListUp(list, 250)
    expect(scroll.getState().following).toBe(false)
    expect(screen.queryByRole("button", { name: /new/ })).toBeNull()

    update(snapshot(seqs(8), [message("mine", "queued")]))
    const jump = screen.getByRole("button", { name: "4 new" })
    const scrollTo = jest.fn()
    list.scrollTo = scrollTo
    await userEvent.click(jump)
    expect(scrollTo).toHaveBeenCalledWith({ top: Number.MAX_SAFE_INTEGER })
    expect(scroll.getState().following).toBe(true)
    expect(screen.queryByRole("button", { name: /new/ })).toBeNull()
  })
})
