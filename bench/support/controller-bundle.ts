import { readFileSync } from "node:fs"
import { join } from "node:path"
import ts from "typescript"

/** The modules the hook's controller is made of, as the page will require them. */
const MODULES = {
  "./protocol": "lib/protocol.ts",
  "~protocol": "protocol/index.ts",
  "./errors": "protocol/errors.ts",
  "./messages": "protocol/messages.ts",
  "./parse": "protocol/parse.ts",
  "./schema": "protocol/schema.ts",
  "./connection-controller": "lib/connection-controller.ts",
  "./config": "lib/config.ts"
} as const

/** The PLASMO_PUBLIC_* settings from `.env`, as the build inlines them. */
function publicEnv(root: string): Record<string, string> {
  const env: Record<string, string> = {}
  for (const line of readFileSync(join(root, ".env"), "utf8").split("\n")) {
    const match = /^\s*(PLASMO_PUBLIC_[A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line)
    if (match) env[match[1]] = match[2]
  }
  return env
}

/**
 * A script that defines `globalThis.__benchModules` in a page: the same
 * `ConnectionController` (and `config`) the popup's hook uses, compiled from
 * source. The production bundle does not export them, and a page cannot
 * import a module from DevTools, so the benchmark brings its own copy
 * (identical source, compiled by tsc instead of Parcel) to drive the
 * controller without React.
 */
export function controllerScript(root: string): string {
  const factories = Object.entries(MODULES).map(([name, file]) => {
    const { outputText } = ts.transpileModule(
      readFileSync(join(root, file), "utf8"),
      {
        fileName: file,
        compilerOptions: {
          module: ts.ModuleKind.CommonJS,
          target: ts.ScriptTarget.ES2022,
          verbatimModuleSyntax: false
        }
      }
    )
    return `${JSON.stringify(name)}: function (exports, require, module, process) {\n${outputText}\n}`
  })
  return `(() => {
  const process = { env: ${JSON.stringify(publicEnv(root))} };
  const factories = {${factories.join(",\n")}};
  const cache = {};
  const require = (name) => {
    if (!cache[name]) {
      const module = { exports: {} };
      cache[name] = module;
      factories[name](module.exports, require, module, process);
    }
    return cache[name].exports;
  };
  globalThis.__benchModules = {
    controller: require("./connection-controller"),
    config: require("./config")
  };
  return true;
})()`
}
