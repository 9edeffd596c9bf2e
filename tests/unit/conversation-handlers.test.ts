import { isPortError } from "mv3-port/server"

import { createConversation } from "~background/conversation"
import { ConversationStore } from "~background/store"
import type { View } from "~background/views"
import { replyText } from "~protocol"
import { LOG_LIMITS } from "~storage/layout"

import { FakeSessionArea } from "./support/fake-storage"

/** A view that said hello, as the handlers see it. */
const view = (clientId: string, kind: "popup" | "tab" = "popup") =>
  ({ port: { name: clientId }, meta: { clientId, kind } }) as unknown as View

/** The conversation's handlers on a real store, with what they relayed. */
async function conversation(joinTab?: (tabId: number) => Promise<boolean>) {
  const store = new ConversationStore(new FakeSessionArea(), LOG_LIMITS)
  await store.whenReady("log")
  const relayed: Array<[string, unknown, string | undefined]> = []
  const handlers = createConversation({
    store,
    maxTextLength: 20,
    log: () => {},
    now: () => 7,
    tell: (name, data, except) =>
      relayed.push([name, data, except?.meta.clientId]),
    joinTab
  })
  return { handlers, relayed }
}

/** What `run` threw, as a PortError's code. */
async function refusal(run: () => unknown): Promise<string> {
  try {
    await run()
  } catch (error) {
    if (isPortError(error)) return error.code
    throw error
  }
  throw new Error("not refused")
}

describe("the conversation's handlers, called as plain functions", () => {
  it("answer a send with its record, relay it, and answer a re-send from the record", async () => {
    const { handlers, relayed } = await conversation()
    const popup = view("p1")
    const reply = {
      id: "m1",
      seq: 1,
      at: 7,
      text: "hi",
      reply: replyText("hi")
    }
    expect(handlers.send({ id: "m1", text: "hi" }, popup)).toEqual(reply)
    expect(handlers.send({ id: "m1", text: "hi" }, popup)).toEqual(reply)
    expect(relayed).toEqual([["entry", { ...reply, from: popup.meta }, "p1"]])
    expect(
      await refusal(() => handlers.send({ id: "m1", text: "other" }, popup))
    ).toBe("id-reused")
  })

  it("record a stopped streamed reply with what the view kept", async () => {
    const { handlers } = await conversation()
    const answer = handlers.send(
      { id: "s1", text: "a b c d", kept: 1 },
      view("p1")
    )
    expect(answer).toMatchObject({
      stopped: true,
      reply: 'Background received: "a '
    })
  })

  it("refuse joinTab to a tab's widget and report a failed injection", async () => {
    const { handlers } = await conversation(async (tabId) => tabId === 4)
    expect(await handlers.joinTab({ tabId: 4 }, view("p1"))).toEqual({
      tabId: 4
    })
    expect(
      await refusal(() => handlers.joinTab({ tabId: 5 }, view("p1")))
    ).toBe("join-failed")
    expect(
      await refusal(() => handlers.joinTab({ tabId: 4 }, view("t1", "tab")))
    ).toBe("not-allowed")
  })

  it("clear the log for the others, and count delivered reports", async () => {
    const { handlers, relayed } = await conversation()
    const popup = view("p1")
    handlers.send({ id: "m1", text: "hi" }, popup)
    expect(
      handlers.delivered({ reports: [{ id: "m1", rttMs: 3 }] }, popup)
    ).toEqual({
      count: 1
    })
    expect(handlers.clearLog({}, popup)).toEqual({})
    expect(relayed.map(([name]) => name)).toEqual([
      "entry",
      "entry",
      "logCleared"
    ])
  })

  it("trim a message, and refuse an empty or a too long one with its limit", async () => {
    const { handlers } = await conversation()
    expect(handlers.send({ id: "m1", text: "  hi  " }, view("p1")).text).toBe(
      "hi"
    )
    expect(
      await refusal(() => handlers.send({ id: "m2", text: " \n " }, view("p1")))
    ).toBe("empty-text")
    let detail: unknown
    try {
      handlers.send({ id: "m3", text: "x".repeat(21) }, view("p1"))
    } catch (error) {
      detail = isPortError(error) && [error.code, error.detail]
    }
    expect(detail).toEqual(["text-too-long", { limit: 20 }])
  })

  it("end a leaving view's live rows for the others", async () => {
    const { handlers, relayed } = await conversation()
    handlers.left(view("p1"))
    expect(relayed).toEqual([["progressEnded", { clientId: "p1" }, "p1"]])
  })
})
