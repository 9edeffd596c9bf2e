import { settle, StreamOverPorts, text } from "./stream-support"

describe("a stream that drops", () => {
  it.each([
    ["before any chunk", 0],
    ["mid-flow", 7],
    ["after the last chunk, before the end is kept", 12]
  ])(
    "resumes after the receiving worker dies %s: nothing lost, repeated or reordered",
    async (_, keptBeforeDeath) => {
      const stream = new StreamOverPorts(text(12), 4)
      stream.holdKeeps = true
      await settle()
      for (let i = 0; stream.kept.length < keptBeforeDeath && i < 50; i++) {
        stream.release()
        await settle()
      }
      stream.holdKeeps = false
      stream.killReceiver()
      await settle()
      stream.reconnect()
      await settle()
      expect(stream.kept).toEqual(text(12))
      expect(stream.finished).toEqual([12])
      expect(stream.sender.getState()).toEqual({ phase: "done", count: 12 })
    }
  )

  it("answers an end re-sent after a drop that lost its done", async () => {
    const stream = new StreamOverPorts(text(3), 4)
    await settle()
    expect(stream.finished).toEqual([3])
    // The done is lost: the sender is still ending when the port drops.
    const sender = stream.newSender()
    stream.sender = sender
    stream.drop()
    stream.reconnect()
    await settle()
    // A fresh sender asks; the receiver (done) says so; nothing is kept twice.
    expect(stream.kept).toEqual(text(3))
    expect(stream.finished).toEqual([3])
    expect(sender.getState()).toEqual({ phase: "done", count: 3 })
  })

  it("resumes after the sending side drops: the receiver's grant says where", async () => {
    const stream = new StreamOverPorts(text(30), 4)
    stream.holdKeeps = true
    await settle()
    stream.release()
    await settle()
    const before = stream.kept.length
    stream.drop()
    stream.holdKeeps = false
    stream.release()
    await settle()
    // The sending worker starts again: a new sender, which can read any
    // chunk again, hears from the receiver where to go on.
    stream.sender = stream.newSender()
    stream.reconnectFromReceiver()
    await settle()
    expect(before).toBeGreaterThan(0)
    expect(stream.kept).toEqual(text(30))
    expect(stream.finished).toEqual([30])
  })
})
