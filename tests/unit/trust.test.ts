import { isOwnExtensionPage, ownExtensionOrigin } from "~background/trust"

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

describe("isOwnExtensionPage on Firefox (moz-extension origin)", () => {
  const GECKO_ID = "popup-to-background-messaging@example.org"
  const MOZ_ORIGIN = "moz-extension://0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9"

  it("accepts our pages under our moz-extension origin", () => {
    expect(
      isOwnExtensionPage(
        {
          id: GECKO_ID,
          origin: MOZ_ORIGIN,
          url: `${MOZ_ORIGIN}/popup.html`
        },
        GECKO_ID,
        MOZ_ORIGIN
      )
    ).toBe(true)
    // Firefox before 126 sets no sender.origin; the url still decides.
    expect(
      isOwnExtensionPage(
        { id: GECKO_ID, url: `${MOZ_ORIGIN}/sidepanel.html` },
        GECKO_ID,
        MOZ_ORIGIN
      )
    ).toBe(true)
  })

  it.each([
    [
      "another moz-extension origin",
      {
        id: GECKO_ID,
        origin: "moz-extension://ffffffff-0000-4000-8000-000000000000",
        url: "moz-extension://ffffffff-0000-4000-8000-000000000000/popup.html"
      }
    ],
    [
      "a chrome-extension url under the gecko id",
      {
        id: GECKO_ID,
        url: `chrome-extension://${GECKO_ID}/popup.html`
      }
    ],
    [
      "a look-alike origin",
      { id: GECKO_ID, url: `${MOZ_ORIGIN}.evil/popup.html` }
    ],
    [
      "our content script on a web page",
      {
        id: GECKO_ID,
        origin: "https://example.com",
        url: "https://example.com/"
      }
    ]
  ])("refuses %s", (_label, sender) => {
    expect(isOwnExtensionPage(sender, GECKO_ID, MOZ_ORIGIN)).toBe(false)
  })
})

describe("ownExtensionOrigin", () => {
  const saved = (globalThis as { chrome?: unknown }).chrome
  afterEach(() => {
    ;(globalThis as { chrome?: unknown }).chrome = saved
  })

  function stubRuntime(id: string, base: string): void {
    ;(globalThis as { chrome?: unknown }).chrome = {
      runtime: { id, getURL: (path: string) => `${base}${path}` }
    }
  }

  it("falls back to chrome-extension://<id> without a runtime", () => {
    ;(globalThis as { chrome?: unknown }).chrome = undefined
    expect(ownExtensionOrigin(ID)).toBe(ORIGIN)
  })

  it("is Chrome's origin on Chrome, so Chrome's behaviour is unchanged", () => {
    stubRuntime(ID, `${ORIGIN}/`)
    expect(ownExtensionOrigin(ID)).toBe(ORIGIN)
    expect(
      isOwnExtensionPage(
        { id: ID, origin: ORIGIN, url: `${ORIGIN}/popup.html` },
        ID
      )
    ).toBe(true)
  })

  it("is the moz-extension origin on Firefox, so our popup gets in", () => {
    const geckoId = "popup-to-background-messaging@example.org"
    const mozOrigin = "moz-extension://0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9"
    stubRuntime(geckoId, `${mozOrigin}/`)
    expect(ownExtensionOrigin(geckoId)).toBe(mozOrigin)
    expect(
      isOwnExtensionPage(
        { id: geckoId, origin: mozOrigin, url: `${mozOrigin}/popup.html` },
        geckoId
      )
    ).toBe(true)
    expect(
      isOwnExtensionPage(
        {
          id: geckoId,
          origin: `chrome-extension://${geckoId}`,
          url: `chrome-extension://${geckoId}/popup.html`
        },
        geckoId
      )
    ).toBe(false)
  })

  it("ignores the runtime when asked about another id, or when getURL is odd", () => {
    stubRuntime("someone-else", "moz-extension://abc/")
    expect(ownExtensionOrigin(ID)).toBe(ORIGIN)
    stubRuntime(ID, "not a url")
    expect(ownExtensionOrigin(ID)).toBe(ORIGIN)
  })
})
