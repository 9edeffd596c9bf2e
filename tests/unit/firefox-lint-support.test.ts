/** @jest-environment node */
import {
  ALLOWED_WARNINGS,
  formatVerdict,
  judgeLint,
  parseLintOutput,
  sourceAround,
  type LintMessage,
  type LintResult
} from "../../scripts/firefox-lint-support"

// Shapes of what the real bundles hold around each allowed warning (minified
// React DOM setInnerHTML; Parcel's loader of a lazy chunk; the Open side
// panel button's click handler, in the extras chunk).
const REACT_SET_INNER_HTML =
  'var ef,ep,eh=(ef=function(e,t){if("http://www.w3.org/2000/svg"!==e.namespaceURI||"innerHTML"in e)e.innerHTML=t;else{(ep=ep||document.createElement("div")).innerHTML="<svg>"+t+"</svg>"}})'
const SIDE_PANEL_BUTTON =
  '(0,l.jsx)("button",{id:"openSidePanelBtn",type:"button",onClick:()=>{chrome.sidePanel.open({windowId:e})}})'
const CHUNK_LOADER =
  'f.register("kBg5w",function(e,t){e.exports=import("./"+f("774kH").resolve("1KRAv")).then(()=>f("eNNbv"))})'
const PADDING = "x".repeat(1000)
const POPUP = `${PADDING}${REACT_SET_INNER_HTML}${PADDING}${CHUNK_LOADER}${PADDING}`
const EXTRAS = `${PADDING}${SIDE_PANEL_BUTTON}${PADDING}`
// A page in a folder (tabs/) loads its chunks from one level up.
const PANEL = `${PADDING}${CHUNK_LOADER.replace('"./"', '"./../"')}${PADDING}`
const innerHtmlColumn = POPUP.indexOf("e.innerHTML=t")
const loaderColumn = POPUP.indexOf("import(")
const sidePanelColumn = EXTRAS.indexOf("chrome.sidePanel.open")

// The worker's open-side-panel command handler (background/commands.ts).
const SIDE_PANEL_COMMAND =
  "chrome.sidePanel.open({windowId:t.windowId}).catch(e=>console.warn(`Could not open the side panel: ${e}`))"
const BACKGROUND = `${PADDING}${SIDE_PANEL_COMMAND}${PADDING}`

const files: Record<string, string> = {
  "popup.19ebe02a.js": POPUP,
  "ViewExtras.5947cf31.js": EXTRAS,
  "tabs/ports-panel.b71842e3.js": PANEL,
  "static/background/index.js": BACKGROUND
}
const readSource = (file: string) => files[file]

const innerHtmlWarning: LintMessage = {
  _type: "warning",
  code: "UNSAFE_VAR_ASSIGNMENT",
  message: "Unsafe assignment to innerHTML",
  description: "Due to both security and performance concerns, …",
  file: "popup.19ebe02a.js",
  line: 1,
  column: innerHtmlColumn
}
const loaderWarning: LintMessage = {
  _type: "warning",
  code: "UNSAFE_VAR_ASSIGNMENT",
  message: "Unsafe call to import for argument 0",
  description: "Due to both security and performance concerns, …",
  file: "popup.19ebe02a.js",
  line: 1,
  column: loaderColumn
}
const sidePanelWarning: LintMessage = {
  _type: "warning",
  code: "UNSUPPORTED_API",
  message: "sidePanel.open is not supported",
  description: "This API has not been implemented by Firefox.",
  file: "ViewExtras.5947cf31.js",
  line: 1,
  column: sidePanelColumn
}
const commandWarning: LintMessage = {
  ...sidePanelWarning,
  file: "static/background/index.js",
  column: BACKGROUND.indexOf("chrome.sidePanel.open")
}
const androidWarning: LintMessage = {
  _type: "warning",
  code: "KEY_FIREFOX_ANDROID_UNSUPPORTED_BY_MIN_VERSION",
  message:
    "Manifest key not supported by the specified minimum Firefox for Android version",
  description:
    '"strict_min_version" requires Firefox for Android 140, which was released before version 142 introduced support for "browser_specific_settings.gecko.data_collection_permissions".',
  file: "manifest.json"
}

function result(parts: Partial<LintResult>): LintResult {
  return { errors: [], warnings: [], notices: [], ...parts }
}

describe("judgeLint", () => {
  it("passes the known, explained warnings", () => {
    const verdict = judgeLint(
      result({
        warnings: [
          innerHtmlWarning,
          loaderWarning,
          {
            ...loaderWarning,
            file: "tabs/ports-panel.b71842e3.js",
            column: PANEL.indexOf("import(")
          },
          sidePanelWarning,
          commandWarning,
          androidWarning
        ]
      }),
      ALLOWED_WARNINGS,
      readSource
    )
    expect(verdict.ok).toBe(true)
    expect(verdict.unexpectedWarnings).toEqual([])
    expect(verdict.allowedWarnings).toHaveLength(6)
    expect(verdict.unusedEntries).toEqual([])
  })

  it("fails on any error, even with nothing else reported", () => {
    const error: LintMessage = {
      _type: "error",
      code: "ADDON_ID_REQUIRED",
      message: "The add-on ID is required in Manifest Version 3 and above.",
      file: "manifest.json"
    }
    const verdict = judgeLint(
      result({ errors: [error], warnings: [innerHtmlWarning] }),
      ALLOWED_WARNINGS,
      readSource
    )
    expect(verdict.ok).toBe(false)
    expect(verdict.errors).toEqual([error])
    expect(formatVerdict(verdict)).toMatch(
      /ADDON_ID_REQUIRED {2}manifest\.json[\s\S]*FAILED \(1 error\(s\), 0 unexpected/
    )
  })

  it("fails on a warning that is not on the allow-list", () => {
    const unexpected: LintMessage = {
      _type: "warning",
      code: "RUNTIME_ONMESSAGEEXTERNAL",
      message:
        '"runtime.onMessageExternal" can cause issues when loaded temporarily',
      file: "static/background/index.js",
      line: 1,
      column: 1578
    }
    const verdict = judgeLint(
      result({ warnings: [innerHtmlWarning, unexpected] }),
      ALLOWED_WARNINGS,
      readSource
    )
    expect(verdict.ok).toBe(false)
    expect(verdict.unexpectedWarnings).toEqual([unexpected])
    expect(formatVerdict(verdict)).toContain(
      "RUNTIME_ONMESSAGEEXTERNAL  static/background/index.js:1:1578"
    )
  })

  it("fails on an allowed code reported from anywhere but the explained place", () => {
    // An innerHTML assignment of our own, outside React DOM's setInnerHTML.
    const ours = `${PADDING}document.body.innerHTML=reply.text${PADDING}import(reply.url)${PADDING}`
    const verdict = judgeLint(
      result({
        warnings: [
          { ...innerHtmlWarning, file: "sidepanel.0a1b2c3d.js", column: 1005 },
          // The same code in a file the entry does not name.
          { ...innerHtmlWarning, file: "static/background/index.js" },
          // sidePanel.open somewhere other than the feature-detected button.
          { ...sidePanelWarning, column: 10 },
          // A dynamic import of anything but Parcel's own chunk table.
          {
            ...loaderWarning,
            file: "sidepanel.0a1b2c3d.js",
            column: ours.indexOf("import(")
          }
        ]
      }),
      ALLOWED_WARNINGS,
      (file) => (file === "sidepanel.0a1b2c3d.js" ? ours : readSource(file))
    )
    expect(verdict.ok).toBe(false)
    expect(verdict.unexpectedWarnings).toHaveLength(4)
  })

  it("fails when the source cannot be read to confirm the context", () => {
    const verdict = judgeLint(
      result({ warnings: [innerHtmlWarning] }),
      ALLOWED_WARNINGS,
      () => undefined
    )
    expect(verdict.ok).toBe(false)
  })

  it("does not allow the Android warning for another manifest key", () => {
    const other = {
      ...androidWarning,
      description:
        '"strict_min_version" requires Firefox for Android 140, which was released before version 150 introduced support for "permissions.somethingNew".'
    }
    const verdict = judgeLint(
      result({ warnings: [other] }),
      ALLOWED_WARNINGS,
      readSource
    )
    expect(verdict.ok).toBe(false)
  })

  it("reports notices and unused allow-list entries without failing", () => {
    const notice: LintMessage = {
      _type: "notice",
      code: "SOME_NOTICE",
      message: "Just so you know",
      file: "manifest.json"
    }
    const verdict = judgeLint(
      result({ notices: [notice] }),
      ALLOWED_WARNINGS,
      readSource
    )
    expect(verdict.ok).toBe(true)
    expect(verdict.unusedEntries).toHaveLength(ALLOWED_WARNINGS.length)
    const text = formatVerdict(verdict)
    expect(text).toContain(
      "Notices: 1\n  SOME_NOTICE  manifest.json  Just so you know"
    )
    expect(text).toContain("matched nothing")
    expect(text).toMatch(/OK \(no errors, no unexpected warnings\)$/)
  })
})

describe("sourceAround", () => {
  it("finds a position on a later line", () => {
    const source = "aaa\nbbbXccc\nddd"
    expect(sourceAround(source, 2, 3, 1)).toBe("bXc")
    expect(sourceAround(source, 9, 0, 1)).toBe("")
  })
})

describe("parseLintOutput", () => {
  it("reads web-ext's JSON, ignoring anything printed before it", () => {
    const json = JSON.stringify({
      count: 1,
      summary: { errors: 1, warnings: 0, notices: 0 },
      errors: [{ code: "E", message: "m", file: "manifest.json" }],
      warnings: [],
      notices: []
    })
    expect(parseLintOutput(`Running…\n${json}`).errors).toHaveLength(1)
  })

  it("throws on output that is not a lint result, so a crash cannot pass", () => {
    expect(() => parseLintOutput("")).toThrow()
    expect(() => parseLintOutput("Error: something broke")).toThrow()
    expect(() => parseLintOutput('{"summary": {}}')).toThrow()
  })
})
