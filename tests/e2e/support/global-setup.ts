import { execFileSync } from "node:child_process"

import { chromiumPath } from "../../../tools/browser/chromium"

/**
 * Runs once before the e2e files: says which browser they run on, so a log
 * of a failure names the Chromium version it happened in.
 */
export default function printBrowserVersion(): void {
  const path = chromiumPath()
  const version = execFileSync(path, ["--version"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"]
  }).trim()
  process.stdout.write(`\ne2e browser: ${version} (${path})\n`)
}
