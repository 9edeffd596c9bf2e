import { fromOwnPage } from "./chrome"
import { EXTENSION_ID as ID, inExtension } from "./test-support"

describe("fromOwnPage", () => {
  inExtension()

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
