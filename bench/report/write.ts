import { mkdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"

import type { BenchResults } from "../support/results"
import type { Goal } from "./goals"
import { markdown } from "./markdown"

/**
 * Writes bench/results/latest.{json,md} for a full run (committed, linked
 * from the README) or quick.{json,md} for a quick one (git-ignored), so a
 * CI or local quick run never overwrites the published figures.
 */
export function writeResults(
  root: string,
  results: BenchResults,
  goals: Goal[]
): string[] {
  const dir = join(root, "bench/results")
  mkdirSync(dir, { recursive: true })
  const name = results.meta.mode === "full" ? "latest" : "quick"
  const json = join(dir, `${name}.json`)
  const md = join(dir, `${name}.md`)
  writeFileSync(json, JSON.stringify({ ...results, goals }, null, 2) + "\n")
  writeFileSync(md, markdown(results, goals))
  return [json, md]
}
