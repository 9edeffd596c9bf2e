/**
 * Two projects: `unit` (jsdom, no browser) and `e2e` (node, drives the
 * production build in real Chromium). `npm run test:unit` / `test:e2e` pick one.
 */
const tsJest = [
  "ts-jest",
  {
    tsconfig: {
      jsx: "react-jsx",
      module: "commonjs",
      verbatimModuleSyntax: false
    }
  }
]

// The workspace package resolves to its source, as in tsconfig.json's paths:
// tests see edits without a build.
const moduleNameMapper = {
  "^~(.*)$": "<rootDir>/$1",
  "^mv3-port$": "<rootDir>/packages/mv3-port/src/index.ts",
  // The one entry whose file is not at its path (tsdown.config.mjs).
  "^mv3-port/server/streams$":
    "<rootDir>/packages/mv3-port/src/server/streams-entry.ts",
  "^mv3-port/(.*)$": "<rootDir>/packages/mv3-port/src/$1",
  "\\.css$": "<rootDir>/tests/unit/support/style-stub.js"
}

/** @type {import("jest").Config} */
module.exports = {
  reporters: ["default", "<rootDir>/tests/summary-reporter.js"],
  projects: [
    {
      displayName: "unit",
      testEnvironment: "jsdom",
      testMatch: [
        "<rootDir>/tests/unit/**/*.test.ts?(x)",
        "<rootDir>/packages/*/src/**/*.test.ts?(x)"
      ],
      transform: { "^.+\\.tsx?$": tsJest },
      moduleNameMapper,
      setupFilesAfterEnv: ["<rootDir>/tests/unit/support/setup.ts"],
      clearMocks: true
    },
    {
      // `npm run walk`: a measurement, not part of `npm test`.
      displayName: "walk",
      testEnvironment: "jsdom",
      testMatch: ["<rootDir>/tools/send-walk/*.walk.tsx"],
      transform: { "^.+\\.tsx?$": tsJest },
      moduleNameMapper,
      setupFilesAfterEnv: ["<rootDir>/tests/unit/support/setup.ts"]
    },
    {
      displayName: "e2e",
      testEnvironment: "node",
      testMatch: ["<rootDir>/tests/e2e/**/*.e2e.ts"],
      transform: { "^.+\\.tsx?$": tsJest },
      moduleNameMapper,
      clearMocks: true,
      globalSetup: "<rootDir>/tests/e2e/support/global-setup.ts",
      setupFilesAfterEnv: ["<rootDir>/tests/e2e/support/setup.ts"]
    }
  ]
}
