import { readFileSync } from "node:fs"
import { resolve } from "node:path"

import { contrastRatio } from "./support/contrast"

// axe checks the colours of the states the e2e run reaches; this covers the
// ones it cannot hold still long enough to check (Reconnecting, Failed).
const css = readFileSync(resolve(__dirname, "../../styles.css"), "utf8")

/** Scheme `which` (0 light, 1 dark) of each `--name: light-dark(#light, #dark)` in styles.css. */
function palette(which: 0 | 1): Record<string, string> {
  const found: Record<string, string> = {}
  for (const [, name, ...pair] of css.matchAll(
    /--([\w-]+):\s*light-dark\((#[0-9a-f]{6}),\s*(#[0-9a-f]{6})\);/gi
  )) {
    found[name] = pair[which].toLowerCase()
  }
  return found
}

const light = palette(0)
const dark = palette(1)

describe("the palette in styles.css", () => {
  it.each([
    ["light", light],
    ["dark", dark]
  ])("gives status and error text 4.5:1 on the %s background", (_, colours) => {
    const names = ["fg", "ok", "warn", "danger", "muted"]
    for (const name of names) expect(colours[name]).toMatch(/^#[0-9a-f]{6}$/)
    // Listed by name and ratio, so a failure says which colour to change.
    const tooFaint = names
      .map((name) => ({
        name,
        ratio: contrastRatio(colours[name], colours.bg)
      }))
      .filter(({ ratio }) => ratio < 4.5)
    expect(tooFaint).toEqual([])
  })

  it.each([
    ["light", light],
    ["dark", dark]
  ])(
    "gives text on buttons 4.5:1 in the %s scheme, plain and on the accent",
    (_, colours) => {
      const pairs = [
        ["fg", "control"],
        ["fg", "control-hover"],
        ["on-accent", "accent"],
        ["on-accent", "accent-hover"]
      ]
      const tooFaint = pairs
        .map(([text, ground]) => ({
          text,
          ground,
          ratio: contrastRatio(colours[text], colours[ground])
        }))
        .filter(({ ratio }) => ratio < 4.5)
      expect(tooFaint).toEqual([])
    }
  )

  it("has a dark scheme of its own", () => {
    expect(dark.bg).not.toBe(light.bg)
    for (const name of ["ok", "warn", "danger"]) {
      expect(dark[name]).not.toBe(light[name])
    }
  })
})
