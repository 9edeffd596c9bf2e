import { FakeBackground } from "./support/fake-background"
import { flushPorts, type FakePortEnd } from "./support/fake-port"
import { hello, view } from "./support/view-end"

/** A background whose first port is a tab's, the others pages; `joins` says how injections go. */
function background(joins: boolean) {
  const tabPorts = new Set<FakePortEnd>()
  const asked: number[] = []
  const fake = new FakeBackground(2000, 100_000_000, {
    mayClaim: (port, kind) => (kind === "tab") === tabPorts.has(port),
    joinTab: async (tabId) => {
      asked.push(tabId)
      return joins
    }
  })
  const asTab = () => tabPorts.add(fake.ports.at(-1)!)
  return { fake, asked, asTab }
}

describe("joining from a tab, in the conversation", () => {
  it("answers a page's join-tab once the widget is injected", async () => {
    const { fake, asked } = background(true)
    const popup = await hello(fake, "p")
    popup.post({ type: "join-tab", id: "j1", tabId: 4 })
    await flushPorts()
    expect(asked).toEqual([4])
    expect(popup.ofType("tab-joined")).toEqual([
      { type: "tab-joined", id: "j1", tabId: 4 }
    ])
  })

  it("answers a failed injection with join-failed", async () => {
    const { fake } = background(false)
    const popup = await hello(fake, "p")
    popup.post({ type: "join-tab", id: "j1", tabId: 4 })
    await flushPorts()
    expect(popup.ofType("error")).toEqual([
      { type: "error", id: "j1", code: "join-failed" }
    ])
  })

  it("lets no page say hello as a tab", async () => {
    const { fake } = background(true)
    const page = await hello(fake, "p", "tab")
    expect(page.ofType("welcome")).toEqual([])
    expect(page.ofType("error")).toEqual([
      { type: "error", id: null, code: "not-allowed", field: "kind" }
    ])
  })

  it("lets a tab say hello only as a tab, and never ask to join a tab", async () => {
    const { fake, asked, asTab } = background(true)
    const pretender = view(fake)
    asTab()
    pretender.post({ type: "hello", clientId: "t1", kind: "popup" })
    const tab = view(fake)
    asTab()
    tab.post({ type: "hello", clientId: "t2", kind: "tab" })
    tab.post({ type: "join-tab", id: "j1", tabId: 9 })
    await flushPorts()
    expect(pretender.ofType("welcome")).toEqual([])
    expect(pretender.ofType("error")).toMatchObject([{ code: "not-allowed" }])
    expect(tab.ofType("welcome")).toHaveLength(1)
    expect(tab.ofType("error")).toEqual([
      { type: "error", id: "j1", code: "not-allowed" }
    ])
    expect(asked).toEqual([])
  })
})
