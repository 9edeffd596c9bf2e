/**
 * Every name an entry of package.json's `exports` gives a user carries
 * TSDoc, which is what an editor shows on hover: the entries are found
 * from the exports map, so a new entry or export cannot slip past.
 */
import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"
import ts from "typescript"

const ROOT = join(__dirname, "..")

/** The source of each entry: `./x` is `src/x.ts` or `src/x/index.ts`. */
function entrySources(): Map<string, string> {
  const manifest = JSON.parse(
    readFileSync(join(ROOT, "package.json"), "utf8")
  ) as { exports: Record<string, unknown> }
  const sources = new Map<string, string>()
  for (const key of Object.keys(manifest.exports)) {
    if (key === "./package.json") continue
    const base = join(ROOT, "src", key.slice(2))
    const source = [`${base}.ts`, join(base, "index.ts")].find(existsSync)
    if (!source) throw new Error(`no source for the entry ${key}`)
    sources.set(key, source)
  }
  return sources
}

function undocumentedExports(sources: Map<string, string>): string[] {
  const program = ts.createProgram([...sources.values()], {
    strict: true,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    jsx: ts.JsxEmit.ReactJSX,
    skipLibCheck: true,
    noEmit: true
  })
  const checker = program.getTypeChecker()
  const missing: string[] = []
  for (const [entry, path] of sources) {
    const file = program.getSourceFile(path)!
    const module = checker.getSymbolAtLocation(file)!
    for (const exported of checker.getExportsOfModule(module)) {
      const symbol =
        exported.flags & ts.SymbolFlags.Alias
          ? checker.getAliasedSymbol(exported)
          : exported
      const doc = ts.displayPartsToString(
        symbol.getDocumentationComment(checker)
      )
      if (!doc.trim()) missing.push(`${entry}: ${exported.name}`)
    }
  }
  return missing
}

it("documents every export of every entry", () => {
  const sources = entrySources()
  expect(sources.size).toBeGreaterThan(0)
  expect(undocumentedExports(sources)).toEqual([])
})
