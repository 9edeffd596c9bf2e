import { copyFileSync, mkdirSync } from "node:fs"
import { join } from "node:path"
import { buildSync } from "esbuild"

const SOURCE = "bench/package-ext"

/**
 * Builds the bench extension of bench/package-ext into `outDir`: its page
 * and worker bundled by esbuild, `mv3-port` and `mv3-port/server` resolved
 * through the root tsconfig's paths to packages/mv3-port/src, as the app,
 * its tests and the type check resolve them. The package's dist is built
 * only by its own `npm run check` and is git-ignored, so it may be missing
 * or older than the source; the source is what this commit is. tsdown
 * emits the same modules, unminified, for ES2022, as this build does.
 */
export function buildPackageExtension(root: string, outDir: string): void {
  const source = join(root, SOURCE)
  mkdirSync(outDir, { recursive: true })
  buildSync({
    absWorkingDir: root,
    entryPoints: {
      page: join(source, "page.ts"),
      worker: join(source, "worker.ts")
    },
    outdir: outDir,
    tsconfig: join(root, "tsconfig.json"),
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2022",
    logLevel: "silent"
  })
  for (const file of ["manifest.json", "page.html"]) {
    copyFileSync(join(source, file), join(outDir, file))
  }
}
