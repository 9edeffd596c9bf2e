import { isOwnExtensionPage } from "~background/trust"

const ID = "ljoioadnjpbeboikmkhnfnekfkfhifif"
const ORIGIN = `chrome-extension://${ID}`

describe("isOwnExtensionPage", () => {
  it("accepts our popup and side panel, also when opened in a tab", () => {
    expect(
      isOwnExtensionPage(
        { id: ID, origin: ORIGIN, url: `${ORIGIN}/popup.html` },
        ID
      )
    ).toBe(true)
    expect(
      isOwnExtensionPage({ id: ID, url: `${ORIGIN}/sidepanel.html` }, ID)
    ).toBe(true)
  })

  it.each([
    ["no sender", undefined],
    [
      "another extension",
      {
        id: "x".repeat(32),
        origin: "chrome-extension://x",
        url: "chrome-extension://x/p.html"
      }
    ],
    [
      "our content script on a web page",
      { id: ID, origin: "https://example.com", url: "https://example.com/" }
    ],
    [
      "a web page",
      { origin: "http://127.0.0.1:8080", url: "http://127.0.0.1:8080/" }
    ],
    ["our id with a foreign url", { id: ID, url: "https://evil.test/" }],
    [
      "a look-alike origin",
      { id: ID, origin: `${ORIGIN}.evil`, url: `${ORIGIN}.evil/popup.html` }
    ]
  ])("refuses %s", (_label, sender) => {
    expect(isOwnExtensionPage(sender, ID)).toBe(false)
  })
})
