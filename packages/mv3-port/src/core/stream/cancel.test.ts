import { settle, StreamOverPorts, text } from "./stream-support"

describe("cancelling a stream", () => {
  it.each(["sender", "receiver"] as const)(
    "from the %s stops the other side's work, and nothing more is sent or kept",
    async (by) => {
      const stream = new StreamOverPorts(text(50), 4)
      stream.holdKeeps = true
      await settle()
      const [canceller, other] =
        by === "sender"
          ? [stream.sender, stream.receiver]
          : [stream.receiver, stream.sender]
      canceller.cancel("user-stopped")
      await settle()
      const cancelled = { phase: "cancelled", code: "user-stopped", by }
      expect(canceller.getState()).toEqual(cancelled)
      // Stopped by the receiver, the sender hears how much was kept (none:
      // every keep was still held).
      expect(other.getState()).toEqual(
        by === "receiver" ? { ...cancelled, kept: 0 } : cancelled
      )
      expect(other.signal.aborted).toBe(true)
      const posted = stream.posted.length
      stream.release()
      await settle()
      expect(stream.posted.length).toBe(posted)
      expect(stream.kept.length).toBeLessThanOrEqual(posted)
      expect(stream.finished).toEqual([])
    }
  )

  it("from the receiver tells the sender how many chunks it kept (a stopped reply keeps what arrived)", async () => {
    const stream = new StreamOverPorts(text(50), 4)
    stream.holdKeeps = true
    await settle()
    for (let i = 0; i < 3; i++) {
      stream.release()
      await settle()
    }
    const kept = stream.kept.length
    expect(kept).toBeGreaterThan(0)
    stream.receiver.cancel("stopped")
    await settle()
    expect(stream.sender.getState()).toEqual({
      phase: "cancelled",
      code: "stopped",
      by: "receiver",
      kept
    })
  })

  it("when a chunk cannot be read, the sender cancels and the receiver hears why", async () => {
    const stream = new StreamOverPorts([], 4)
    stream.sender = stream.newSender((index) => {
      if (index === 2) throw new Error("the file is gone")
      return `c${index}`
    })
    stream.receiver.announce()
    await settle()
    // Chunks before the failure may or may not be kept by the time the cancel
    // lands (it stops the keeping too); none after it ever is.
    expect(["c0", "c1"].slice(0, stream.kept.length)).toEqual(stream.kept)
    expect(stream.posted).toEqual([0, 1])
    expect(stream.receiver.getState()).toEqual({
      phase: "cancelled",
      code: "read-failed",
      by: "sender"
    })
  })
})
