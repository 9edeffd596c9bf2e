import { createRateLimit } from "~background/rate-limit"

function limit() {
  let now = 0
  const rate = createRateLimit<number>({
    burst: 3,
    perSecond: 2,
    burstBytes: 1000,
    bytesPerSecond: 100,
    floodAfter: 4,
    now: () => now
  })
  return { rate, advance: (ms: number) => void (now += ms) }
}

const takes = (
  rate: ReturnType<typeof limit>["rate"],
  key: number,
  n: number
) => Array.from({ length: n }, () => rate.take(key, 0).tag)

describe("the per-tab rate limit", () => {
  it("lets a burst through, then refuses, saying so first once", () => {
    const { rate } = limit()
    expect(takes(rate, 1, 3)).toEqual(["pass", "pass", "pass"])
    expect(rate.take(1, 0)).toEqual({ tag: "limited", first: true })
    expect(rate.take(1, 0)).toEqual({ tag: "limited", first: false })
  })

  it("gives tokens back over time", () => {
    const { rate, advance } = limit()
    takes(rate, 1, 4)
    advance(500)
    expect(rate.take(1, 0).tag).toBe("pass")
    expect(rate.take(1, 0).tag).toBe("limited")
    advance(10_000)
    expect(takes(rate, 1, 4)).toEqual(["pass", "pass", "pass", "limited"])
  })

  it("calls a sustained flood a flood", () => {
    const { rate } = limit()
    takes(rate, 1, 3)
    expect(takes(rate, 1, 4)).toEqual([
      "limited",
      "limited",
      "limited",
      "flood"
    ])
  })

  it("keeps each tab apart, and forgets a tab", () => {
    const { rate } = limit()
    takes(rate, 1, 5)
    expect(rate.take(2, 0).tag).toBe("pass")
    rate.forget(1)
    expect(rate.take(1, 0).tag).toBe("pass")
  })

  it("counts bytes too: a few large messages spend the budget that many small ones do not", () => {
    const { rate, advance } = limit()
    expect(rate.take(1, 600).tag).toBe("pass")
    expect(rate.take(1, 600)).toEqual({ tag: "limited", first: true })
    // What was refused took nothing: a smaller message still fits.
    expect(rate.take(1, 400).tag).toBe("pass")
    expect(rate.take(1, 1).tag).toBe("limited")
    advance(2000)
    expect(rate.take(1, 200).tag).toBe("pass")
    // More than the whole budget never passes.
    expect(rate.take(2, 1001).tag).toBe("limited")
  })
})
