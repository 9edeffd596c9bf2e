import { flushPorts } from "mv3-port/testing"

import { FakeBackground } from "./support/fake-background"
import { hello } from "./support/view-end"

/** What `end` was answered, in order: `res:<message id>` or `err:<code>`. */
const answers = (end: Awaited<ReturnType<typeof hello>>) =>
  end.received.flatMap((m) =>
    m.k === "res"
      ? [`res:${(m.output as { id: string }).id}`]
      : m.k === "err"
        ? [`err:${String(m.code)}`]
        : []
  )

describe("answers after a worker stop", () => {
  it("keep arrival order: a re-send waiting for the records, a refusal given at once", async () => {
    const background = new FakeBackground()
    const before = await hello(background, "c1")
    before.request("send", { id: "m1", text: "one" })
    await flushPorts(50)
    await background.store.writes.settled()
    background.stopWorker()

    const after = await hello(background, "c1")
    // Waits its turn: the restarted worker reads its answered records first.
    after.request("send", { id: "m1", text: "one" })
    // Refused by the package's check, with nothing to wait for.
    after.request("send", { id: "m2", text: "two", extra: 1 })
    // Runs once the records are read, after m1.
    after.request("send", { id: "m3", text: "three" })
    await flushPorts(50)
    await background.store.writes.settled()
    await flushPorts(50)
    expect(answers(after)).toEqual(["res:m1", "err:bad-input", "res:m3"])
    expect(await background.processedIds()).toEqual(["m1", "m3"])
  })
})
