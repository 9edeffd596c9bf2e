import type { ConversationStore } from "~background/store"
import { createStoreTurns } from "~background/store-turns"

/** A store that is ready and hands off at once: only the ordering is tested. */
const readyStore = {
  whenReady: () => null,
  writes: { afterHandOff: (task: () => void) => task() }
} as unknown as ConversationStore

/** A value that takes several promise hops to settle, like a queued turn. */
async function late<T>(value: T): Promise<T> {
  for (let hop = 0; hop < 5; hop++) await Promise.resolve()
  return value
}

describe("answers in arrival order", () => {
  it("releases an answer no sooner than every answer given before it", async () => {
    const { afterEarlier } = createStoreTurns(readyStore)
    const order: string[] = []
    const first = afterEarlier(late("first"))
    const second = afterEarlier("second")
    void first.then((value) => order.push(value))
    void second.then((value) => order.push(value))
    await Promise.all([first, second])
    expect(order).toEqual(["first", "second"])
  })

  it("keeps a refusal in its place, and the answers after it", async () => {
    const { afterEarlier } = createStoreTurns(readyStore)
    const order: string[] = []
    const refused = afterEarlier(late(Promise.reject(new Error("no"))))
    const after = afterEarlier("after")
    refused.catch((error: Error) => order.push(error.message))
    void after.then((value) => order.push(value))
    await Promise.allSettled([refused, after])
    expect(order).toEqual(["no", "after"])
  })
})
