import { flushPorts } from "mv3-port/testing"

import { FakeBackground } from "./support/fake-background"
import { hello } from "./support/view-end"

/** A background that injects nothing: `joins` says how injections go. */
function background(joins: boolean) {
  const asked: number[] = []
  const fake = new FakeBackground(2000, 100_000_000, {
    joinTab: async (tabId) => {
      asked.push(tabId)
      return joins
    }
  })
  return { fake, asked }
}

describe("joining from a tab, in the conversation", () => {
  it("answers a page's join-tab once the widget is injected", async () => {
    const { fake, asked } = background(true)
    const popup = await hello(fake, "p")
    const id = popup.request("joinTab", { tabId: 4 })
    await flushPorts(50)
    expect(asked).toEqual([4])
    expect(popup.ofKind("res")).toEqual([
      { k: "res", id, output: { tabId: 4 } }
    ])
  })

  it("answers a failed injection with join-failed", async () => {
    const { fake } = background(false)
    const popup = await hello(fake, "p")
    const id = popup.request("joinTab", { tabId: 4 })
    await flushPorts(50)
    expect(popup.ofKind("err")).toEqual([
      expect.objectContaining({ id, code: "join-failed" })
    ])
  })

  it("never lets a tab's widget ask to join a tab", async () => {
    const { fake, asked } = background(true)
    const tab = await hello(fake, "t", "tab")
    const id = tab.request("joinTab", { tabId: 9 })
    await flushPorts(50)
    expect(tab.ofKind("err")).toEqual([
      expect.objectContaining({ id, code: "not-allowed" })
    ])
    expect(asked).toEqual([])
  })

  it("says not-allowed where the worker cannot inject", async () => {
    const fake = new FakeBackground()
    const popup = await hello(fake, "p")
    const id = popup.request("joinTab", { tabId: 9 })
    await flushPorts(50)
    expect(popup.ofKind("err")).toEqual([
      expect.objectContaining({ id, code: "not-allowed" })
    ])
  })
})
