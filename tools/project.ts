import { resolve } from "node:path"

/** The project root (where package.json is). */
export const PROJECT_ROOT = resolve(__dirname, "..")

/** The production build the e2e tests and the benchmark drive (dev builds keep the worker alive and hide bugs). */
export const PROD_BUILD = resolve(PROJECT_ROOT, "build/chrome-mv3-prod")

/** The pinned id (from the manifest key in .env): tests and docs can name its URLs. */
export const EXTENSION_ID = "ljoioadnjpbeboikmkhnfnekfkfhifif"
