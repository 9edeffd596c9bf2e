import { settle, StreamOverPorts, text } from "./stream-support"

describe("a stream", () => {
  it("delivers every chunk once, in order, with at most a window in flight", async () => {
    const stream = new StreamOverPorts(text(100), 8)
    await settle()
    expect(stream.kept).toEqual(text(100))
    expect(stream.finished).toEqual([100])
    expect(stream.sender.getState()).toEqual({ phase: "done", count: 100 })
    expect(stream.receiver.getState()).toEqual({ phase: "done", count: 100 })
    expect(stream.maxAhead).toBeLessThanOrEqual(8)
    expect(stream.posted).toEqual([...Array(100).keys()])
  })

  it("stops at the window while the receiver is slow, and goes on as it keeps", async () => {
    const stream = new StreamOverPorts(text(20), 4)
    stream.holdKeeps = true
    await settle()
    expect(stream.posted).toEqual([0, 1, 2, 3])
    expect(stream.sender.getState()).toMatchObject({
      phase: "flowing",
      upTo: 4
    })
    for (let i = 0; i < 40 && stream.finished.length === 0; i++) {
      stream.release()
      await settle()
      expect(stream.maxAhead).toBeLessThanOrEqual(4)
    }
    expect(stream.kept).toEqual(text(20))
  })

  it("paces chunks with the sender's timer (a streamed reply) and ends exactly", async () => {
    jest.useFakeTimers()
    try {
      const stream = new StreamOverPorts([], 4)
      const words = text(6)
      stream.sender = stream.newSender(
        (index) =>
          new Promise((resolve) =>
            setTimeout(() => resolve(words[index] ?? null), 25)
          )
      )
      stream.receiver.announce()
      for (let i = 1; i <= 3; i++) {
        await jest.advanceTimersByTimeAsync(25)
        await settle()
        expect(stream.kept).toEqual(words.slice(0, i))
      }
      await jest.advanceTimersByTimeAsync(200)
      await settle()
      expect(stream.kept.join("")).toBe(words.join(""))
      expect(stream.finished).toEqual([6])
    } finally {
      jest.useRealTimers()
    }
  })
})
