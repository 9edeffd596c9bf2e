import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { parseEnv } from "node:util"

/**
 * The env files Plasmo reads for `plasmo build` (chrome-mv3, production),
 * most important first: a setting in .env.local must reach the benchmark's
 * copy of the conversation client as it reaches the build it is compared with.
 */
const ENV_FILES = [
  ".env.chrome.local",
  ".env.prod.local",
  ".env.production.local",
  ".env.local",
  ".env.chrome",
  ".env.prod",
  ".env.production",
  ".env"
]

const PUBLIC_PREFIX = "PLASMO_PUBLIC_"

/**
 * The PLASMO_PUBLIC_* settings as the production build inlines them: the
 * process environment first, then the env files in Plasmo's order.
 */
export function publicEnv(root: string): Record<string, string> {
  const sources = [
    process.env,
    ...ENV_FILES.map((name) => join(root, name))
      .filter((path) => existsSync(path))
      .map((path) => parseEnv(readFileSync(path, "utf8")))
  ]
  const env: Record<string, string> = {}
  for (const source of sources) {
    for (const [key, value] of Object.entries(source)) {
      if (key.startsWith(PUBLIC_PREFIX) && value !== undefined) {
        env[key] ??= value
      }
    }
  }
  return env
}
