import { joinBlocked } from "~views/tab-joinable"

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
