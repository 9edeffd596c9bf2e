/** @jest-environment node */
import { readFileSync } from "node:fs"
import { resolve } from "node:path"

import {
  brandedChromeWarning,
  browserArgs,
  browserCandidates,
  chromePathProblem,
  extensionIdFromKey,
  findBrowser,
  hasDisplay,
  keyFromEnvFile,
  kindOfPath,
  majorVersion,
  noDisplayMessage,
  openUrlArgs,
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

  test("nothing found is null", () => {
    expect(findBrowser(browserCandidates("linux", {}), existing())).toBeNull()
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

describe("branded Chrome", () => {
  const chrome = {
    path: "/usr/bin/google-chrome",
    kind: "branded-chrome" as const
  }

  test("majorVersion reads --version output", () => {
    expect(majorVersion("Google Chrome 139.0.7258.66 \n")).toBe(139)
    expect(majorVersion("Chromium 156.0.8078.79 built on Debian")).toBe(156)
    expect(majorVersion("")).toBeNull()
  })

  test("137 and later (or unknown) get the Load unpacked warning; older and Chromium none", () => {
    expect(
      brandedChromeWarning(chrome, 139, "/p/build/chrome-mv3-dev")
    ).toContain("Load unpacked")
    expect(brandedChromeWarning(chrome, null, "/b")).toContain(
      "--load-extension"
    )
    expect(brandedChromeWarning(chrome, 136, "/b")).toBeNull()
    expect(
      brandedChromeWarning(
        { path: "/usr/bin/chromium", kind: "chromium" },
        156,
        "/b"
      )
    ).toBeNull()
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

describe("browserArgs", () => {
  const base = {
    profileDir: "/tmp/profile",
    extensionDir: "/p/build/chrome-mv3-dev"
  }
  const url = `chrome-extension://${PINNED_ID}/popup.html`

  test("a fresh profile and only our extension (the popup is opened afterwards)", () => {
    const args = browserArgs({
      ...base,
      browser: { path: "/usr/bin/chromium", kind: "chromium" }
    })
    expect(args).toEqual([
      "--user-data-dir=/tmp/profile",
      "--disable-extensions-except=/p/build/chrome-mv3-dev",
      "--load-extension=/p/build/chrome-mv3-dev",
      "--no-first-run",
      "--no-default-browser-check"
    ])
    expect(args.some((a) => a.startsWith("chrome-extension://"))).toBe(false)
  })

  test("branded Chrome also gets the (old) kill-switch flag", () => {
    const args = browserArgs({
      ...base,
      browser: { path: "/usr/bin/google-chrome", kind: "branded-chrome" }
    })
    expect(args).toContain(
      "--disable-features=DisableLoadExtensionCommandLineSwitch"
    )
  })

  test("as root Chromium gets --no-sandbox", () => {
    const browser = { path: "/usr/bin/chromium", kind: "chromium" as const }
    expect(browserArgs({ ...base, browser, runningAsRoot: true })).toContain(
      "--no-sandbox"
    )
    expect(browserArgs({ ...base, browser })).not.toContain("--no-sandbox")
  })

  test("openUrlArgs hands the popup URL to the running browser", () => {
    expect(
      openUrlArgs({ profileDir: "/tmp/profile", url, runningAsRoot: true })
    ).toEqual(["--user-data-dir=/tmp/profile", "--no-sandbox", url])
  })
})
