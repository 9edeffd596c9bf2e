/** @jest-environment node */
import { readFileSync } from "node:fs"
import { resolve } from "node:path"

import {
  browserCandidates,
  chromePathProblem,
  extensionIdFromKey,
  findBrowser,
  hasDisplay,
  keyFromEnvFile,
  kindOfPath,
  noBrowserMessage,
  noDisplayMessage,
  pinnedExtensionId
} from "../../scripts/start-support"

const PINNED_ID = "ljoioadnjpbeboikmkhnfnekfkfhifif"
const envFile = readFileSync(resolve(__dirname, "../../.env"), "utf8")

describe("hasDisplay", () => {
  test("Linux needs DISPLAY or WAYLAND_DISPLAY", () => {
    expect(hasDisplay("linux", {})).toBe(false)
    expect(hasDisplay("linux", { DISPLAY: "" })).toBe(false)
    expect(hasDisplay("linux", { DISPLAY: ":0" })).toBe(true)
    expect(hasDisplay("linux", { WAYLAND_DISPLAY: "wayland-0" })).toBe(true)
    expect(hasDisplay("freebsd", {})).toBe(false)
  })

  test("macOS and Windows always have one", () => {
    expect(hasDisplay("darwin", {})).toBe(true)
    expect(hasDisplay("win32", {})).toBe(true)
  })

  test("the message says what is missing and what to do instead", () => {
    const message = noDisplayMessage()
    expect(message).toContain("DISPLAY")
    expect(message).toContain("WAYLAND_DISPLAY")
    expect(message).toContain("npm run dev")
    expect(message).toContain("build/chrome-mv3-dev")
    expect(message).toContain("xvfb-run")
  })
})

describe("browser discovery", () => {
  const existing =
    (...paths: string[]) =>
    (p: string) =>
      paths.includes(p)

  test("CHROME_PATH comes first", () => {
    const candidates = browserCandidates("linux", {
      CHROME_PATH: "/opt/cft/chrome"
    })
    expect(candidates[0].path).toBe("/opt/cft/chrome")
    expect(
      findBrowser(candidates, existing("/opt/cft/chrome", "/usr/bin/chromium"))
        ?.path
    ).toBe("/opt/cft/chrome")
  })

  test("a CHROME_PATH that does not exist is an error, not a silent fallback", () => {
    expect(chromePathProblem({ CHROME_PATH: "/nope" }, existing())).toContain(
      "/nope"
    )
    expect(chromePathProblem({ CHROME_PATH: "/a" }, existing("/a"))).toBeNull()
    expect(chromePathProblem({}, existing())).toBeNull()
  })

  test("on Linux Chromium wins over branded Chrome", () => {
    const found = findBrowser(
      browserCandidates("linux", {}),
      existing("/usr/bin/google-chrome", "/usr/bin/chromium-browser")
    )
    expect(found).toEqual({
      path: "/usr/bin/chromium-browser",
      kind: "chromium"
    })
  })

  test("branded Chrome is found last, as branded", () => {
    expect(
      findBrowser(
        browserCandidates("linux", {}),
        existing("/usr/bin/google-chrome")
      )
    ).toEqual({ path: "/usr/bin/google-chrome", kind: "branded-chrome" })
    expect(
      findBrowser(
        browserCandidates("darwin", { HOME: "/Users/me" }),
        existing("/Applications/Google Chrome.app/Contents/MacOS/Google Chrome")
      )?.kind
    ).toBe("branded-chrome")
  })

  test("macOS looks for Chromium and Chrome for Testing in both Applications folders", () => {
    const paths = browserCandidates("darwin", { HOME: "/Users/me" }).map(
      (c) => c.path
    )
    expect(paths).toContain(
      "/Applications/Chromium.app/Contents/MacOS/Chromium"
    )
    expect(paths).toContain(
      "/Users/me/Applications/Chromium.app/Contents/MacOS/Chromium"
    )
    expect(
      paths.indexOf("/Applications/Chromium.app/Contents/MacOS/Chromium")
    ).toBeLessThan(
      paths.indexOf(
        "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"
      )
    )
  })

  test("Windows looks under LOCALAPPDATA and Program Files", () => {
    const found = findBrowser(
      browserCandidates("win32", {
        LOCALAPPDATA: "C:\\Users\\me\\AppData\\Local",
        PROGRAMFILES: "C:\\Program Files"
      }),
      existing("C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe")
    )
    expect(found?.kind).toBe("branded-chrome")
  })

  test("nothing found is null, and the message lists where it looked", () => {
    const candidates = browserCandidates("linux", {})
    expect(findBrowser(candidates, existing())).toBeNull()
    const message = noBrowserMessage(candidates)
    expect(message).toContain("/usr/bin/chromium")
    expect(message).toContain("CHROME_PATH")
    expect(message).toContain("Google Chrome")
  })

  test("kindOfPath recognises the three kinds", () => {
    expect(kindOfPath("/usr/bin/chromium")).toBe("chromium")
    expect(
      kindOfPath(
        "/x/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing"
      )
    ).toBe("chrome-for-testing")
    expect(kindOfPath("/usr/bin/google-chrome-stable")).toBe("branded-chrome")
    expect(
      kindOfPath("C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe")
    ).toBe("branded-chrome")
  })
})

describe("extension id", () => {
  test("the key in .env gives the pinned id", () => {
    const key = keyFromEnvFile(envFile)
    expect(key).not.toBeNull()
    expect(extensionIdFromKey(key as string)).toBe(PINNED_ID)
  })

  test("ids are 32 letters a-p", () => {
    expect(extensionIdFromKey("AAAA")).toMatch(/^[a-p]{32}$/)
    expect(() => extensionIdFromKey("")).toThrow()
  })

  test("keyFromEnvFile ignores comments and accepts quotes", () => {
    expect(keyFromEnvFile("# CRX_PUBLIC_KEY=no\nCRX_PUBLIC_KEY='QUJD'\n")).toBe(
      "QUJD"
    )
    expect(keyFromEnvFile("OTHER=1")).toBeNull()
  })

  test("the environment wins, then .env.local over .env", () => {
    const files: Record<string, string> = {
      ".env": envFile,
      ".env.local": "CRX_PUBLIC_KEY=AAAA"
    }
    const read = (name: string) => files[name] ?? null
    expect(pinnedExtensionId({}, read)).toBe(extensionIdFromKey("AAAA"))
    expect(
      pinnedExtensionId(
        { CRX_PUBLIC_KEY: keyFromEnvFile(envFile) as string },
        read
      )
    ).toBe(PINNED_ID)
    expect(pinnedExtensionId({}, () => null)).toBeNull()
  })
})
