import "@testing-library/jest-dom"

// jsdom does no layout and has no Element.scrollTo; the views call it to
// follow the newest log entry.
if (typeof Element !== "undefined") {
  Element.prototype.scrollTo ??= function scrollTo() {}
}
