import { defineConfig } from "tsdown"

// A .mjs config loaded natively (`--config-loader native`): tsdown loads a .ts
// config with Node 22.18+'s type stripping or the optional `unrun`; CI runs 20.

/**
 * One ESM file and one .d.ts per entry of package.json's `exports`; code
 * shared by entries goes into chunks, so a view that imports the client and
 * a worker that imports the server never carry each other's code.
 */
export default defineConfig({
  entry: {
    index: "src/index.ts",
    streams: "src/streams/index.ts",
    server: "src/server/index.ts",
    "server/streams": "src/server/streams-entry.ts",
    react: "src/react/index.ts",
    plasmo: "src/plasmo/index.ts",
    "core/index": "src/core/index.ts",
    "core/server": "src/core/server/index.ts",
    testing: "src/testing/index.ts"
  },
  format: "esm",
  platform: "neutral",
  target: "es2022",
  dts: true,
  clean: true,
  outDir: "dist"
})
