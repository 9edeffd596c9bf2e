import { spawnSync } from "node:child_process"
import { join } from "node:path"

/** Runs a command in the project, its output on our stderr; throws if it fails. */
export function run(root: string, command: string, args: string[]): void {
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: ["ignore", 2, 2]
  })
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} failed (${result.status})`)
  }
}

/** `npm run build`: the production build the benchmark measures. */
export function buildProduction(root: string): void {
  run(root, "npm", ["run", "build", "--silent"])
}

/** The same build with source maps, in build/chrome-mv3-bench-analysis. */
export function buildWithSourceMaps(root: string): string {
  run(root, "npm", [
    "run",
    "build",
    "--silent",
    "--",
    "--source-maps",
    "--tag=bench-analysis"
  ])
  return join(root, "build/chrome-mv3-bench-analysis")
}
