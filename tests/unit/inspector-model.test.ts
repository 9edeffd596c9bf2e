import type { MessageRow, ViewLine } from "~protocol"
import { createInspectorModel, inspectorExport } from "~views/inspector-model"

import { messageRow as message, popup } from "./support/inspector-rows"

type Traffic = Parameters<ReturnType<typeof createInspectorModel>["traffic"]>[0]

const panel = { clientId: "s-a", kind: "sidepanel" as const }

function traffic(
  messages: MessageRow[],
  views: ViewLine[] = [],
  dropped = 0
): Traffic {
  return { messages, views, dropped }
}

function started(model: ReturnType<typeof createInspectorModel>, at = 500) {
  model.inspecting({ workerStartedAt: at })
}

describe("the inspector's model", () => {
  it("shows rows in the order the background saw them, messages and view lines merged", () => {
    const model = createInspectorModel()
    started(model)
    model.traffic(
      traffic(
        [
          message(1),
          message(3, { direction: "out", type: "reply", rttMs: 2.5 })
        ],
        [{ seq: 2, at: 1_002, view: panel, event: "joined" }]
      )
    )
    const { rows } = model.getSnapshot()
    expect(rows.map((row) => row.kind)).toEqual([
      "worker-started",
      "message",
      "view",
      "message"
    ])
    expect(rows[1]).toMatchObject({
      kind: "message",
      view: { ...popup, number: 1 },
      type: "send"
    })
    expect(rows[3]).toMatchObject({ rttMs: 2.5 })
  })

  it("numbers views per kind by first sighting, and keeps the name over a worker restart", () => {
    const model = createInspectorModel()
    started(model)
    const second = { clientId: "p-b", kind: "popup" as const }
    model.traffic(
      traffic([
        message(0),
        message(1, { view: second }),
        message(2, { view: panel })
      ])
    )
    started(model, 900)
    model.traffic(traffic([message(0)]))
    const { rows, views } = model.getSnapshot()
    expect(views.map((v) => [v.clientId, v.number])).toEqual([
      ["p-a", 1],
      ["p-b", 2],
      ["s-a", 1]
    ])
    expect(rows.at(-1)).toMatchObject({ view: { clientId: "p-a", number: 1 } })
    // Rows of the new worker have their own keys though its sequence starts at 0 again.
    expect(new Set(rows.map((row) => row.key)).size).toBe(rows.length)
  })

  it("marks a dropped port and a new worker, but not the same worker welcoming again", () => {
    const model = createInspectorModel({ now: () => 42 })
    started(model)
    model.lost()
    started(model)
    model.lost()
    started(model, 600)
    expect(
      model
        .getSnapshot()
        .rows.map((row) =>
          row.kind === "worker-started"
            ? [row.kind, row.generation, row.restart]
            : [row.kind]
        )
    ).toEqual([
      ["worker-started", 1, false],
      ["worker-lost"],
      ["worker-lost"],
      ["worker-started", 2, true]
    ])
  })

  it("keeps at most maxRows, dropping the oldest and counting them, and shows the background's drops", () => {
    const model = createInspectorModel({ maxRows: 5 })
    started(model)
    model.traffic(
      traffic(
        [0, 1, 2, 3, 4, 5].map((seq) => message(seq)),
        [],
        7
      )
    )
    const snapshot = model.getSnapshot()
    expect(snapshot.total).toBe(5)
    // worker line + dropped line + 6 messages = 8 rows, 3 dropped.
    expect(snapshot.dropped).toBe(3)
    expect(
      snapshot.rows.map((row) => (row.kind === "message" ? row.at : row.kind))
    ).toEqual([1_001, 1_002, 1_003, 1_004, 1_005])
    const fresh = createInspectorModel()
    started(fresh)
    fresh.traffic(traffic([message(9)], [], 7))
    expect(fresh.getSnapshot().rows[1]).toMatchObject({
      kind: "dropped",
      count: 7
    })
  })

  it("filters by view and by type, and lists what there is to filter by", () => {
    const model = createInspectorModel()
    started(model)
    model.traffic(
      traffic(
        [
          message(0),
          message(1, { type: "ping" }),
          message(2, { view: panel, type: "ping" })
        ],
        [{ seq: 3, at: 1_003, view: panel, event: "left", cause: "closed" }]
      )
    )
    expect(model.getSnapshot().types).toEqual(["ping", "send"])
    model.setFilter({ view: "s-a" })
    expect(model.getSnapshot().rows.map((row) => row.kind)).toEqual([
      "message",
      "view"
    ])
    model.setFilter({ type: "ping" })
    expect(model.getSnapshot().rows).toHaveLength(1)
    model.setFilter({ view: null })
    expect(
      model
        .getSnapshot()
        .rows.map((row) => row.kind === "message" && row.view?.clientId)
    ).toEqual(["p-a", "s-a"])
    expect(model.getSnapshot().total).toBe(5)
  })

  it("records nothing while paused but counts what it missed; Clear empties only its own list", () => {
    const model = createInspectorModel()
    started(model)
    model.setPaused(true)
    model.traffic(traffic([message(0), message(1)]))
    expect(model.getSnapshot()).toMatchObject({
      paused: true,
      skipped: 2,
      total: 1
    })
    model.setPaused(false)
    model.traffic(traffic([message(2)]))
    expect(model.getSnapshot()).toMatchObject({
      paused: false,
      skipped: 0,
      total: 2
    })
    model.clear()
    expect(model.getSnapshot()).toMatchObject({ total: 0, rows: [] })
    model.traffic(traffic([message(3)]))
    expect(model.getSnapshot().total).toBe(1)
  })

  it("ignores traffic before it knows which worker sent it", () => {
    const model = createInspectorModel()
    model.traffic(traffic([message(0)]))
    expect(model.getSnapshot().total).toBe(0)
  })

  it("tells its subscribers of every change, with a new snapshot", () => {
    const model = createInspectorModel()
    const before = model.getSnapshot()
    const heard = jest.fn()
    model.subscribe(heard)
    started(model)
    expect(heard).toHaveBeenCalledTimes(1)
    expect(model.getSnapshot()).not.toBe(before)
    expect(model.getSnapshot()).toBe(model.getSnapshot())
  })
})

describe("inspectorExport", () => {
  it("writes the rows shown, with ISO times, the filter and the drops, as JSON", () => {
    const model = createInspectorModel()
    started(model)
    model.traffic(traffic([message(0), message(1, { type: "ping" })]))
    model.setFilter({ type: "ping" })
    const at = Date.UTC(2026, 11, 3, 10, 20, 30)
    const { fileName, document } = inspectorExport(model.getSnapshot(), at)
    const parsed = JSON.parse(JSON.stringify(document))
    expect(parsed).toEqual({
      format: "ports-inspector/1",
      exportedAt: "2026-12-03T10:20:30.000Z",
      filter: { view: null, type: "ping" },
      dropped: 0,
      rows: [
        {
          kind: "message",
          at: 1_001,
          time: new Date(1_001).toISOString(),
          view: { ...popup, number: 1 },
          direction: "in",
          type: "ping",
          bytes: 10,
          preview: "{}"
        }
      ]
    })
    expect(fileName).toBe("ports-2026-12-03T10-20-30.json")
  })
})

describe("round trips", () => {
  it("puts a view's reported round trip beside its reply", () => {
    const model = createInspectorModel()
    started(model)
    model.traffic(
      traffic([
        message(0, { id: "m1" }),
        message(1, { id: "m1", direction: "out", type: "reply", rttMs: 0.2 }),
        message(2, { id: "m2", direction: "out", type: "reply" })
      ])
    )
    model.traffic(
      traffic([
        message(3, { type: "delivered", reports: [{ id: "m1", rttMs: 12.5 }] })
      ])
    )
    const replies = model
      .getSnapshot()
      .rows.filter((row) => row.kind === "message" && row.type === "reply")
    expect(
      replies.map((row) => row.kind === "message" && row.roundTripMs)
    ).toEqual([12.5, undefined])
  })
})
