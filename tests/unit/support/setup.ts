import "@testing-library/jest-dom"

import { fakeI18n } from "./fake-i18n"

// jsdom does no layout and has no Element.scrollTo; the views call it to
// follow the newest log entry.
if (typeof Element !== "undefined") {
  Element.prototype.scrollTo ??= function scrollTo() {}
}

// jsdom's crypto has no randomUUID; extension pages and Node have it.
if (typeof globalThis.crypto?.randomUUID !== "function") {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { randomUUID } = require("node:crypto") as typeof import("node:crypto")
  Object.defineProperty(globalThis.crypto, "randomUUID", {
    value: randomUUID,
    configurable: true
  })
}

// jsdom's Blob has no arrayBuffer(); a view reads a file's chunks with it.
if (typeof Blob !== "undefined" && !Blob.prototype.arrayBuffer) {
  Blob.prototype.arrayBuffer = function arrayBuffer(this: Blob) {
    return new Promise<ArrayBuffer>((resolve, reject) => {
      const reader = new FileReader()
      reader.onload = () => resolve(reader.result as ArrayBuffer)
      reader.onerror = () => reject(reader.error)
      reader.readAsArrayBuffer(this)
    })
  }
}

// The views word everything through chrome.i18n (text/i18n.ts). Tests
// read English from locales/en/messages.json. Several tests replace
// `globalThis.chrome` with their own stub; the accessor gives each stub the
// same i18n, so no test has to know the views look their words up.
const i18n = fakeI18n("en")
let chromeStub: object = { i18n }
Object.defineProperty(globalThis, "chrome", {
  configurable: true,
  get: () => chromeStub,
  set(value: unknown) {
    const stub = (value ?? {}) as { i18n?: unknown }
    if (!("i18n" in stub)) {
      Object.defineProperty(stub, "i18n", { value: i18n, configurable: true })
    }
    chromeStub = stub
  }
})

// In the extension the extras are a chunk that loads just after the first
// paint (components/later.ts); the e2e tests drive that. Here the views get
// them at once, as if the chunk were already in, so each test file's first
// render is whole and no lazy load resolves outside act().
jest.mock("~components/later", () =>
  jest.requireActual("~components/ViewExtras")
)
