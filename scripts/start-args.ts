/**
 * What `npm start -- …` passes on, and the options web-ext's Node API gets
 * (plain functions, unit-tested in tests/unit/start-args.test.ts).
 */

/** `plasmo dev` options npm start passes on; every other `--flag` goes to the browser. */
const PLASMO_FLAGS = ["--serve-port", "--hmr-port"]

/** The command line split between plasmo dev and the browser, or what is wrong with it. */
export type StartArgs =
  | { ok: true; plasmo: string[]; browser: string[] }
  | { ok: false; error: string }

/**
 * Splits `npm start -- <args>`: `--serve-port=N` and `--hmr-port=N` go to
 * plasmo dev, any other `--flag` (e.g. `--lang=de`) to the browser.
 */
export function parseStartArgs(argv: readonly string[]): StartArgs {
  const plasmo: string[] = []
  const browser: string[] = []
  for (const arg of argv) {
    const name = arg.split("=")[0]
    if (PLASMO_FLAGS.includes(name)) {
      const value = arg.slice(name.length + 1)
      const port = Number(value)
      if (!/^\d+$/.test(value) || port < 1 || port > 65535) {
        return {
          ok: false,
          error: `${name} needs a port number from 1 to 65535, as in ${name}=1900 (got "${arg}").`
        }
      }
      plasmo.push(arg)
    } else if (arg.startsWith("--") && arg.length > 2) {
      browser.push(arg)
    } else {
      return {
        ok: false,
        error: [
          `npm start does not know "${arg}". It takes:`,
          "  --serve-port=N, --hmr-port=N   passed to plasmo dev",
          "  any other --flag               passed to the browser (e.g. --lang=de)"
        ].join("\n")
      }
    }
  }
  return { ok: true, plasmo, browser }
}

/** The options of web-ext's `cmd.run` that npm start uses (see web-ext's src/cmd/run.js). */
export interface WebExtRunOptions {
  target: ["chromium"]
  sourceDir: string
  chromiumBinary: string
  chromiumProfile: string
  keepProfileChanges: true
  noReload: true
  noInput: true
  args: string[]
}

/**
 * web-ext run for Chromium-family browsers: it starts the browser with
 * --remote-debugging-pipe and loads `sourceDir` with CDP
 * `Extensions.loadUnpacked` (mozilla/web-ext#3434), which branded Chrome
 * accepts where it ignores --load-extension (137+). `noReload`: plasmo dev
 * already reloads the extension when it rebuilds. The profile is ours (a
 * fresh directory the caller deletes), so web-ext makes no copy of it that
 * would be left behind.
 */
export function webExtRunOptions(options: {
  extensionDir: string
  browserPath: string
  profileDir: string
  browserArgs: readonly string[]
  /** Chromium refuses to start as root with its sandbox on (containers, CI). */
  runningAsRoot: boolean
}): WebExtRunOptions {
  return {
    target: ["chromium"],
    sourceDir: options.extensionDir,
    chromiumBinary: options.browserPath,
    chromiumProfile: options.profileDir,
    keepProfileChanges: true,
    noReload: true,
    noInput: true,
    // chrome-launcher's defaults (which web-ext keeps) already skip the
    // first-run and default-browser prompts.
    args: [
      ...(options.runningAsRoot ? ["--no-sandbox"] : []),
      ...options.browserArgs
    ]
  }
}
