import { joinBlocked, refusalReason } from "~views/tab-joinable"

describe("joinBlocked", () => {
  it.each([
    ["http://127.0.0.1:8080/page.html", null],
    ["https://example.com/", null],
    ["file:///tmp/page.html", null],
    ["chrome://extensions/", "browser-page"],
    ["edge://settings", "browser-page"],
    ["about:blank", "browser-page"],
    ["chrome-extension://abc/popup.html", "browser-page"],
    ["view-source:https://example.com/", "browser-page"],
    ["https://chromewebstore.google.com/detail/x", "web-store"],
    ["https://chrome.google.com/webstore/category/extensions", "web-store"],
    ["https://chrome.google.com/search", null],
    ["https://chrome.google.com/webstorefront", null],
    ["https://microsoftedge.microsoft.com/addons/detail/x", "web-store"],
    ["data:text/html,hi", "not-web"],
    ["not a url", "not-web"],
    [undefined, "no-access"]
  ])("%s → %s", (url, reason) => {
    expect(joinBlocked(url)).toBe(reason)
  })
})

describe("refusalReason", () => {
  it.each([
    ["Cannot access a chrome:// URL", "browser-page"],
    [
      "Cannot access a chrome-extension:// URL of different extension",
      "browser-page"
    ],
    ["The extensions gallery cannot be scripted.", "web-store"],
    [
      "Cannot access contents of the page. Extension manifest must request permission to access the respective host.",
      "no-access"
    ],
    [
      "This page cannot be scripted due to an ExtensionsSettings policy.",
      "no-access"
    ],
    ["No tab with id: 5.", "no-access"]
  ])("%s → %s", (message, reason) => {
    expect(refusalReason(message)).toBe(reason)
  })
})
