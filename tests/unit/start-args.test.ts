/** @jest-environment node */
import { parseStartArgs, webExtRunOptions } from "../../scripts/start-args"

describe("parseStartArgs", () => {
  test("nothing given: nothing passed on", () => {
    expect(parseStartArgs([])).toEqual({ ok: true, plasmo: [], browser: [] })
  })

  test("plasmo dev's ports go to plasmo dev, other flags to the browser", () => {
    expect(
      parseStartArgs([
        "--serve-port=1900",
        "--lang=de",
        "--hmr-port=1902",
        "--remote-debugging-port=9222"
      ])
    ).toEqual({
      ok: true,
      plasmo: ["--serve-port=1900", "--hmr-port=1902"],
      browser: ["--lang=de", "--remote-debugging-port=9222"]
    })
  })

  test("a port that is not a number from 1 to 65535 is refused, naming the flag", () => {
    for (const arg of [
      "--serve-port",
      "--serve-port=",
      "--hmr-port=abc",
      "--hmr-port=0",
      "--serve-port=70000"
    ]) {
      const parsed = parseStartArgs([arg])
      expect(parsed.ok).toBe(false)
      if (!parsed.ok) expect(parsed.error).toContain(arg.split("=")[0])
    }
  })

  test("something that is not a --flag is refused with what npm start takes", () => {
    const parsed = parseStartArgs(["popup"])
    expect(parsed).toEqual({
      ok: false,
      error: expect.stringContaining('"popup"')
    })
    if (!parsed.ok) expect(parsed.error).toContain("--hmr-port=N")
    expect(parseStartArgs(["--"]).ok).toBe(false)
  })
})

describe("webExtRunOptions", () => {
  const base = {
    extensionDir: "/p/build/chrome-mv3-dev",
    browserPath: "/usr/bin/google-chrome",
    profileDir: "/tmp/profile",
    browserArgs: ["--lang=de"],
    runningAsRoot: false
  }

  test("Chromium target, our build and profile, no web-ext reload (Plasmo reloads)", () => {
    expect(webExtRunOptions(base)).toEqual({
      target: ["chromium"],
      sourceDir: "/p/build/chrome-mv3-dev",
      chromiumBinary: "/usr/bin/google-chrome",
      chromiumProfile: "/tmp/profile",
      keepProfileChanges: true,
      noReload: true,
      noInput: true,
      args: ["--lang=de"]
    })
  })

  test("no --load-extension: the extension is loaded through CDP", () => {
    expect(
      webExtRunOptions(base).args.some((a) => a.startsWith("--load-extension"))
    ).toBe(false)
  })

  test("as root the browser gets --no-sandbox", () => {
    expect(webExtRunOptions({ ...base, runningAsRoot: true }).args).toEqual([
      "--no-sandbox",
      "--lang=de"
    ])
  })
})
