import type { ItemState, Status } from "mv3-port/core"

import {
  BADGE_MAX_COUNT,
  badgeFace,
  badgeOf,
  FAILED_COLORS,
  sameShare,
  shareOf,
  WAITING_COLORS,
  type BadgeLook
} from "~badge/state"
import {
  badgeKey,
  parseBadgeShare,
  storedBadgeShares,
  type BadgeShare
} from "~storage/layout"
import { badgeTitle } from "~text/badge-wording"
import type { OwnMessage } from "~views/conversation-types"

import { contrastRatio } from "./support/contrast"

const STATUSES: Status[] = [
  "disconnected",
  "connecting",
  "connected",
  "reconnecting",
  "failed"
]
const ITEM_STATES: ItemState[] = ["queued", "sending", "replied", "failed"]

function message(state: ItemState, n: number): OwnMessage {
  return { id: `m${n}`, text: `t${n}`, state, attempts: 0 } as OwnMessage
}

/** One of each item state, `times` over. */
const mixed = (times: number) =>
  Array.from({ length: times }, (_, i) =>
    ITEM_STATES.map((state, j) => message(state, i * 4 + j))
  ).flat()

describe("a view's share of the badge", () => {
  it.each(STATUSES)(
    "with nothing in the outbox, %s has no share, except failed",
    (status) => {
      expect(shareOf({ status, messages: [] })).toEqual(
        status === "failed" ? { state: "failed" } : null
      )
    }
  )

  it.each(
    STATUSES.flatMap((status) =>
      ITEM_STATES.map((item): [Status, ItemState] => [status, item])
    )
  )("%s with one %s message", (status, item) => {
    const share = shareOf({ status, messages: [message(item, 1)] })
    const waits =
      (status === "connecting" || status === "reconnecting") &&
      (item === "queued" || item === "sending")
    if (status === "failed") expect(share).toEqual({ state: "failed" })
    else expect(share).toEqual(waits ? { state: "waiting", count: 1 } : null)
  })

  it("counts queued and sending messages while reconnecting, not settled ones", () => {
    expect(shareOf({ status: "reconnecting", messages: mixed(3) })).toEqual({
      state: "waiting",
      count: 6
    })
    expect(shareOf({ status: "connected", messages: mixed(3) })).toBeNull()
    expect(shareOf({ status: "disconnected", messages: mixed(3) })).toBeNull()
  })

  it("compares shares by value", () => {
    const shares: Array<BadgeShare | null> = [
      null,
      { state: "failed" },
      { state: "waiting", count: 1 },
      { state: "waiting", count: 2 }
    ]
    for (const [i, a] of shares.entries()) {
      for (const [j, b] of shares.entries()) {
        expect(sameShare(a, b && { ...b })).toBe(i === j)
      }
    }
  })
})

describe("the badge from every view's share", () => {
  const failed: BadgeShare = { state: "failed" }
  const waiting = (count: number): BadgeShare => ({ state: "waiting", count })

  it("is clear with no shares", () => {
    expect(badgeOf([])).toEqual({ kind: "clear" })
  })

  it("adds up the waiting messages of every view", () => {
    expect(badgeOf([waiting(2), waiting(3)])).toEqual({
      kind: "waiting",
      count: 5
    })
  })

  it("says failed when any view failed, whatever the others wait for", () => {
    expect(badgeOf([waiting(4), failed, waiting(1), failed])).toEqual({
      kind: "failed",
      views: 2
    })
    expect(badgeOf([failed])).toEqual({ kind: "failed", views: 1 })
  })

  it("shows nothing, a count (capped) or a red !", () => {
    expect(badgeFace({ kind: "clear" }).text).toBe("")
    expect(badgeFace({ kind: "waiting", count: 7 })).toEqual({
      text: "7",
      ...WAITING_COLORS
    })
    expect(badgeFace({ kind: "waiting", count: BADGE_MAX_COUNT }).text).toBe(
      String(BADGE_MAX_COUNT)
    )
    expect(
      badgeFace({ kind: "waiting", count: BADGE_MAX_COUNT + 1 }).text
    ).toBe(`${BADGE_MAX_COUNT}+`)
    expect(badgeFace({ kind: "failed", views: 3 })).toEqual({
      text: "!",
      ...FAILED_COLORS
    })
  })

  it.each([FAILED_COLORS, WAITING_COLORS])(
    "keeps its text readable on %j (WCAG AA, 4.5)",
    ({ background, foreground }) => {
      expect(contrastRatio(background, foreground)).toBeGreaterThanOrEqual(4.5)
    }
  )

  it.each<[BadgeLook, string]>([
    [{ kind: "clear" }, ""],
    [
      { kind: "failed", views: 1 },
      "A view lost its connection to the background: open it and click Connect."
    ],
    [
      { kind: "failed", views: 2 },
      "2 views lost their connection to the background: open them and click Connect."
    ],
    [
      { kind: "waiting", count: 1 },
      "Reconnecting: 1 message waits to be sent."
    ],
    [{ kind: "waiting", count: 3 }, "Reconnecting: 3 messages wait to be sent."]
  ])("titles %j as %j", (look, title) => {
    expect(badgeTitle(look)).toBe(title)
  })
})

describe("stored badge shares", () => {
  it.each<[unknown, BadgeShare | null]>([
    [{ state: "failed" }, { state: "failed" }],
    [
      { state: "waiting", count: 2 },
      { state: "waiting", count: 2 }
    ],
    [{ state: "waiting", count: 0 }, null],
    [{ state: "waiting", count: 1.5 }, null],
    [{ state: "waiting", count: "2" }, null],
    [{ state: "waiting" }, null],
    [{ state: "failed", count: 1 }, null],
    [{ state: "waiting", count: 1, extra: true }, null],
    [{ state: "ok" }, null],
    [null, null],
    ["failed", null],
    [[], null]
  ])("parses %j as %j", (value, share) => {
    expect(parseBadgeShare(value)).toEqual(share)
  })

  it("picks the shares out of everything stored, and names the malformed ones", () => {
    const { shares, bad } = storedBadgeShares({
      [badgeKey("a")]: { state: "failed" },
      [badgeKey("b")]: { state: "waiting", count: 3 },
      [badgeKey("c")]: { state: "lost" },
      "log:seq": 4
    })
    expect([...shares]).toEqual([
      ["a", { state: "failed" }],
      ["b", { state: "waiting", count: 3 }]
    ])
    expect(bad).toEqual([badgeKey("c")])
  })
})
