import { type ToSender } from "./messages"
import { createStreamReceiver } from "./receiver"

describe("a stream's bad input", () => {
  /** A receiver alone, with the messages it posts. */
  function receiver(window = 4) {
    const posted: ToSender[] = []
    const kept: string[] = []
    const r = createStreamReceiver<string>({
      id: "r",
      window,
      keep: (_, data) => void kept.push(data),
      finish: () => {},
      post: (m) => (posted.push(m), true)
    })
    const chunk = (index: number) =>
      r.receive({ type: "stream-chunk", id: "r", index, data: `d${index}` })
    return { r, posted, kept, chunk }
  }
  const errors = (posted: ToSender[]) =>
    posted.flatMap((m) =>
      m.type === "stream-error" ? [`${m.code}@${m.index}`] : []
    )

  it("refuses duplicate, out-of-order and over-the-window chunks, and goes on", async () => {
    const { r, posted, kept, chunk } = receiver(4)
    chunk(0)
    chunk(0)
    chunk(2)
    chunk(1)
    await r.settled()
    chunk(2)
    chunk(3)
    // Kept 4 of a window of 4: half kept, so the grant moved to 8 by now.
    await r.settled()
    expect(r.getState()).toMatchObject({ arrived: 4, kept: 4 })
    for (let i = 4; i < 8; i++) chunk(i)
    chunk(8)
    await r.settled()
    expect(errors(posted)).toEqual([
      "chunk-duplicate@0",
      "chunk-out-of-order@2",
      "window-overrun@8"
    ])
    expect(kept).toEqual(["d0", "d1", "d2", "d3", "d4", "d5", "d6", "d7"])
  })

  it("refuses an end with the wrong count and anything after done or cancel", async () => {
    const { r, posted, chunk } = receiver()
    chunk(0)
    r.receive({ type: "stream-end", id: "r", count: 2 })
    r.receive({ type: "stream-end", id: "r", count: 1 })
    await r.settled()
    expect(r.getState()).toEqual({ phase: "done", count: 1 })
    chunk(1)
    r.receive({ type: "stream-end", id: "r", count: 5 })
    expect(errors(posted)).toEqual([
      "bad-count@undefined",
      "stream-closed@1",
      "stream-closed@undefined"
    ])
  })
})
