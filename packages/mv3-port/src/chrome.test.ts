import { fromOwnPage } from "./chrome"

const ID = "abcdefghijklmnopabcdefghijklmnop"

describe("fromOwnPage", () => {
  beforeEach(() => {
    ;(globalThis as { chrome?: unknown }).chrome = {
      runtime: {
        id: ID,
        getURL: (path: string) => `chrome-extension://${ID}/${path}`
      }
    }
  })
  afterEach(() => delete (globalThis as { chrome?: unknown }).chrome)

  it.each([
    [
      "this extension's popup",
      { id: ID, url: `chrome-extension://${ID}/popup.html` },
      true
    ],
    [
      "a content script of this extension",
      { id: ID, url: "https://example.com/" },
      false
    ],
    [
      "another extension's page",
      { id: "other", url: "chrome-extension://other/popup.html" },
      false
    ],
    [
      "a page claiming our id on another origin",
      { id: ID, url: `https://x/${ID}/` },
      false
    ],
    ["no url", { id: ID }, false],
    ["no sender", undefined, false]
  ])("%s: %s", (_, sender, admitted) => {
    expect(fromOwnPage({ sender })).toBe(admitted)
  })

  it("admits every port outside an extension (a test, a page that is not one)", () => {
    delete (globalThis as { chrome?: unknown }).chrome
    expect(fromOwnPage({})).toBe(true)
  })
})
