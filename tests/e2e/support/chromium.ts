import { existsSync } from "node:fs"
import { resolve } from "node:path"

/** The pinned id (from the manifest key in .env): tests and docs can name its URLs. */
export const EXTENSION_ID = "ljoioadnjpbeboikmkhnfnekfkfhifif"

/** The production build the e2e tests drive (dev builds keep the worker alive and hide bugs). */
export const PROD_BUILD = resolve(__dirname, "../../../build/chrome-mv3-prod")

/**
 * Debian's Chromium, or CHROME_PATH. Branded Chrome 137+ ignores
 * --load-extension, so it cannot stand in here.
 */
export function chromiumPath(): string {
  const path = process.env.CHROME_PATH || "/usr/bin/chromium"
  if (!existsSync(path)) {
    throw new Error(
      `Chromium not found at ${path}. Install it (apt-get install -y chromium) or set CHROME_PATH.`
    )
  }
  return path
}

/** Flags for a quiet, headless, offline-friendly Chromium with one unpacked extension. */
export function chromiumArgs(extensionDir: string): string[] {
  return [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`
  ]
}

export function assertBuilt(dir: string): void {
  if (!existsSync(resolve(dir, "manifest.json"))) {
    throw new Error(`No build at ${dir}: run \`npm run build\` first.`)
  }
}
