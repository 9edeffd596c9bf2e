/**
 * The decisions `npm start` makes, as plain functions (unit-tested in
 * tests/unit/start-support.test.ts): can a window be shown here, which
 * browser to launch, the extension id the manifest key pins, its arguments.
 */
import { parseEnv } from "node:util"

import { extensionIdFromKey } from "~tools/browser/extension-id"

/** What a candidate browser is (all three load the extension the same way, through CDP). */
export type BrowserKind = "chromium" | "chrome-for-testing" | "branded-chrome"

export interface BrowserCandidate {
  path: string
  kind: BrowserKind
}

type Env = Record<string, string | undefined>

/** An expected failure: printed as is, no stack trace, exit code 1. */
export class UserError extends Error {}

/**
 * Whether a browser window can be shown. macOS and Windows always have a
 * desktop; other systems (Linux, the BSDs) need an X11 or Wayland display.
 */
export function hasDisplay(platform: NodeJS.Platform, env: Env): boolean {
  if (platform === "darwin" || platform === "win32") return true
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY)
}

/** The message for a machine without a display (no stack trace, just what to do). */
export function noDisplayMessage(): string {
  return [
    "npm start opens a Chromium window, but this machine has no display:",
    "neither DISPLAY (X11) nor WAYLAND_DISPLAY (Wayland) is set.",
    "",
    "Do the same by hand:",
    "  npm run dev    (plasmo dev: live-reloading build in build/chrome-mv3-dev)",
    "  then, in a browser on a machine with a display, open chrome://extensions,",
    "  turn on Developer mode, click Load unpacked and pick build/chrome-mv3-dev.",
    "",
    'Or run it under a virtual display: xvfb-run -a -s "-screen 0 1280x800x24" npm start'
  ].join("\n")
}

/** The message when no browser was found among the candidates. */
export function noBrowserMessage(candidates: BrowserCandidate[]): string {
  return [
    "npm start found no Chromium-based browser. It looked for:",
    ...candidates.map((c) => `  ${c.path}`),
    "",
    "Install Chromium (Debian/Ubuntu: apt-get install -y chromium), Google Chrome",
    "or Chrome for Testing, or point CHROME_PATH at one. Or run `npm run dev` and",
    "load build/chrome-mv3-dev with Load unpacked on chrome://extensions."
  ].join("\n")
}

/** Guesses the kind of a browser from its path (used for CHROME_PATH). */
export function kindOfPath(path: string): BrowserKind {
  const p = path.toLowerCase()
  if (p.includes("for testing") || p.includes("for-testing")) {
    return "chrome-for-testing"
  }
  if (p.includes("chromium")) return "chromium"
  if (p.includes("google") || /chrome(\.exe)?$/.test(p)) return "branded-chrome"
  return "chromium"
}

/**
 * Browsers to try, best first: $CHROME_PATH, then Chromium and Chrome for
 * Testing (fresh builds made for development), then branded Google Chrome.
 * All of them take the extension through CDP `Extensions.loadUnpacked`,
 * which branded Chrome accepts where it ignores --load-extension (137+).
 */
export function browserCandidates(
  platform: NodeJS.Platform,
  env: Env
): BrowserCandidate[] {
  const list: BrowserCandidate[] = []
  if (env.CHROME_PATH) {
    list.push({ path: env.CHROME_PATH, kind: kindOfPath(env.CHROME_PATH) })
  }
  if (platform === "darwin") {
    const home = env.HOME ?? ""
    for (const root of ["/Applications", `${home}/Applications`]) {
      list.push(
        {
          path: `${root}/Chromium.app/Contents/MacOS/Chromium`,
          kind: "chromium"
        },
        {
          path: `${root}/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing`,
          kind: "chrome-for-testing"
        }
      )
    }
    list.push(
      {
        path: "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
        kind: "branded-chrome"
      },
      {
        path: "/Applications/Google Chrome Canary.app/Contents/MacOS/Google Chrome Canary",
        kind: "branded-chrome"
      }
    )
  } else if (platform === "win32") {
    const roots = [env.LOCALAPPDATA, env.PROGRAMFILES, env["PROGRAMFILES(X86)"]]
      .filter((r): r is string => Boolean(r))
      .map((r) => r.replace(/[\\/]+$/, ""))
    for (const root of roots) {
      list.push({
        path: `${root}\\Chromium\\Application\\chrome.exe`,
        kind: "chromium"
      })
    }
    for (const root of roots) {
      list.push({
        path: `${root}\\Google\\Chrome\\Application\\chrome.exe`,
        kind: "branded-chrome"
      })
    }
  } else {
    list.push(
      { path: "/usr/bin/chromium", kind: "chromium" },
      { path: "/usr/bin/chromium-browser", kind: "chromium" },
      { path: "/snap/bin/chromium", kind: "chromium" },
      { path: "/usr/local/bin/chromium", kind: "chromium" },
      {
        path: "/usr/bin/google-chrome-for-testing",
        kind: "chrome-for-testing"
      },
      {
        path: "/opt/google/chrome-for-testing/chrome",
        kind: "chrome-for-testing"
      },
      { path: "/usr/bin/google-chrome", kind: "branded-chrome" },
      { path: "/usr/bin/google-chrome-stable", kind: "branded-chrome" },
      { path: "/opt/google/chrome/chrome", kind: "branded-chrome" }
    )
  }
  return list
}

/** The error when CHROME_PATH names a file that is not there (no silent fallback), or null. */
export function chromePathProblem(
  env: Env,
  exists: (path: string) => boolean
): string | null {
  if (!env.CHROME_PATH || exists(env.CHROME_PATH)) return null
  return `CHROME_PATH is set to ${env.CHROME_PATH}, which does not exist. Fix it or unset it to let npm start look for Chromium.`
}

/** The first candidate that exists, or null. */
export function findBrowser(
  candidates: BrowserCandidate[],
  exists: (path: string) => boolean
): BrowserCandidate | null {
  return candidates.find((c) => exists(c.path)) ?? null
}

/** The extension id Chrome derives from a manifest `key` (one helper for the repo). */
export { extensionIdFromKey }

/** CRX_PUBLIC_KEY from the text of a .env file (Node's own .env parser), or null. */
export function keyFromEnvFile(text: string): string | null {
  return parseEnv(text).CRX_PUBLIC_KEY?.trim() || null
}

/** The .env files `plasmo dev` reads for Chrome, the one that wins first. */
export const DEV_ENV_FILES = [
  ".env.chrome.local",
  ".env.dev.local",
  ".env.development.local",
  ".env.local",
  ".env.chrome",
  ".env.dev",
  ".env.development",
  ".env"
]

/**
 * The pinned extension id: from CRX_PUBLIC_KEY (the environment first, then
 * the .env files in Plasmo's order), or null when no key is set.
 */
export function pinnedExtensionId(
  env: Env,
  readFile: (name: string) => string | null
): string | null {
  let key = env.CRX_PUBLIC_KEY || null
  for (const name of DEV_ENV_FILES) {
    if (key) break
    const text = readFile(name)
    if (text !== null) key = keyFromEnvFile(text)
  }
  return key ? extensionIdFromKey(key) : null
}
