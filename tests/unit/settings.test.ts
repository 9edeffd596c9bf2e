import { config } from "~config"
import {
  checkSetting,
  defaultsFrom,
  parseSettings,
  STREAM_PACE_MS
} from "~storage/settings"

const DEFAULT_SETTINGS = defaultsFrom(config)
const parse = (stored: unknown) => parseSettings(stored, DEFAULT_SETTINGS)

describe("the build's defaults", () => {
  it("are .env's, brought within the settings' limits", () => {
    expect(
      defaultsFrom({ autoConnect: true, streamChunkMs: 5, theme: "sepia" })
    ).toEqual({ autoConnect: true, streamChunkMs: 10, theme: "system" })
    expect(
      defaultsFrom({ autoConnect: false, streamChunkMs: 9000, theme: "dark" })
    ).toEqual({ autoConnect: false, streamChunkMs: 1000, theme: "dark" })
  })
})

describe("the settings' parse", () => {
  it("gives the build's defaults when nothing is stored", () => {
    expect(parse(undefined)).toEqual({
      settings: { autoConnect: false, streamChunkMs: 40, theme: "system" },
      problems: []
    })
    expect(DEFAULT_SETTINGS).toEqual(parse(undefined).settings)
  })

  it("takes every valid stored value", () => {
    const stored = { autoConnect: true, streamChunkMs: 250, theme: "dark" }
    expect(parse(stored)).toEqual({ settings: stored, problems: [] })
  })

  it("keeps the good values when one is bad, and says which was bad", () => {
    const { settings, problems } = parse({
      autoConnect: "yes",
      streamChunkMs: 120,
      theme: "dark"
    })
    expect(settings).toEqual({
      autoConnect: false,
      streamChunkMs: 120,
      theme: "dark"
    })
    expect(problems).toEqual([{ name: "autoConnect", code: "not-a-switch" }])
  })

  it("ignores fields it does not know and values that are not objects", () => {
    expect(parse({ future: 1, theme: "light" }).settings.theme).toBe("light")
    for (const stored of [null, "dark", 42, ["dark"]]) {
      expect(parse(stored)).toEqual({
        settings: DEFAULT_SETTINGS,
        problems: []
      })
    }
  })

  it("does not read an inherited field as a stored one", () => {
    const stored = Object.create({ autoConnect: true }) as object
    expect(parse(stored).settings.autoConnect).toBe(false)
  })
})

describe("a setting's check", () => {
  it.each([
    ["autoConnect", true, null],
    ["autoConnect", "true", "not-a-switch"],
    ["streamChunkMs", STREAM_PACE_MS.min, null],
    ["streamChunkMs", STREAM_PACE_MS.max, null],
    ["streamChunkMs", STREAM_PACE_MS.min - 1, "out-of-range"],
    ["streamChunkMs", STREAM_PACE_MS.max + 1, "out-of-range"],
    ["streamChunkMs", 12.5, "not-a-whole-number"],
    ["streamChunkMs", Number.NaN, "not-a-whole-number"],
    ["streamChunkMs", "100", "not-a-whole-number"],
    ["theme", "dark", null],
    ["theme", "sepia", "not-a-choice"],
    ["theme", undefined, "not-a-choice"]
  ] as const)("%s = %p: %s", (name, value, code) => {
    expect(checkSetting(name, value)?.code ?? null).toBe(code)
  })

  it("gives the range and the choices with the problem", () => {
    expect(checkSetting("streamChunkMs", 5000)).toEqual({
      name: "streamChunkMs",
      code: "out-of-range",
      min: 10,
      max: 1000
    })
    expect(checkSetting("theme", "x")).toEqual({
      name: "theme",
      code: "not-a-choice",
      choices: ["system", "light", "dark"]
    })
  })
})
