// Lets `node -r ./bench/ts-register.js bench/run.ts` run the benchmark's
// TypeScript (and the e2e support modules it imports) in place, with the
// compiler the project already depends on. Type checking is `npm run
// typecheck`'s job; this only strips types and turns imports into require().
// (Adding tsx would have meant an `npm install` through node_modules, which
// this checkout shares with another.)
const fs = require("node:fs")
const ts = require("typescript")

const compilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  esModuleInterop: true,
  inlineSourceMap: true,
  verbatimModuleSyntax: false
}

require.extensions[".ts"] = (module, filename) => {
  const source = fs.readFileSync(filename, "utf8")
  const { outputText } = ts.transpileModule(source, {
    fileName: filename,
    compilerOptions
  })
  module._compile(outputText, filename)
}
