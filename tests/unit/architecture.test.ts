import { readFileSync } from "node:fs"
import path from "node:path"
import ts from "typescript"

/**
 * Meta-tests of the layout the README describes: the port package and the
 * protocol depend on nothing of the app, nothing imports in a circle, and no
 * product file grows past one job's size.
 */
const root = path.resolve(__dirname, "../..")
const PORT = "packages/mv3-port/src/"
const PRODUCT = [
  PORT,
  "protocol",
  "storage",
  "background",
  "views",
  "hooks",
  "components",
  "text",
  "badge",
  "tab-widget",
  "config.ts",
  "popup.tsx",
  "sidepanel.tsx"
]

const config = ts.parseJsonConfigFileContent(
  ts.readConfigFile(path.join(root, "tsconfig.json"), ts.sys.readFile).config,
  ts.sys,
  root
)
const relative = (file: string) => path.relative(root, file)
const productFiles = config.fileNames
  .filter((file) => PRODUCT.some((part) => relative(file).startsWith(part)))
  .filter(
    (file) =>
      !file.endsWith(".d.ts") && !/(\.test(-d)?|test-support)\.tsx?$/.test(file)
  )

/** Each product file's imports: project files resolved, packages by name. */
const imports = new Map(
  productFiles.map((file) => {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"))
    const targets = importedFiles.map(({ fileName }) => {
      const resolved = ts.resolveModuleName(
        fileName,
        file,
        config.options,
        ts.sys
      ).resolvedModule
      return resolved && !resolved.isExternalLibraryImport
        ? relative(resolved.resolvedFileName)
        : fileName
    })
    return [relative(file), targets]
  })
)

/** A file's text without its comments (they may name chrome.* APIs). */
function codeOf(file: string): string {
  return readFileSync(path.join(root, file), "utf8")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/(^|[^:])\/\/.*$/gm, "$1")
}

it("finds the product files", () => {
  expect(imports.size).toBeGreaterThan(40)
})

it.each([
  // React is the optional peer: the next test keeps it in ./react.
  [PORT, [PORT, "react"]],
  // The protocol table is built with the package's public client entry.
  ["protocol/", ["protocol/", `${PORT}index.ts`]],
  ["storage/", ["storage/", "protocol/"]]
])("%s imports only %j", (folder, allowed) => {
  const strays = [...imports]
    .filter(([file]) => file.startsWith(folder))
    .flatMap(([file, targets]) =>
      targets
        .filter((target) => !allowed.some((ok) => target.startsWith(ok)))
        .map((target) => `${file} → ${target}`)
    )
  expect(strays).toEqual([])
})

it("the worker imports nothing of the views: no components/, views/ or hooks/", () => {
  const strays = [...imports]
    .filter(([file]) => file.startsWith("background/"))
    .flatMap(([file, targets]) =>
      targets
        .filter((target) => /^(components|views|hooks)\//.test(target))
        .map((target) => `${file} → ${target}`)
    )
  expect(strays).toEqual([])
})

it("the port package reads chrome.* only in its Chrome glue, and React only in ./react", () => {
  const glue = [`${PORT}chrome.ts`, `${PORT}server/session-storage-store.ts`]
  const code = [...imports.keys()].filter((file) => file.startsWith(PORT))
  expect(code.filter((file) => /\bchrome[?!]*\./.test(codeOf(file)))).toEqual(
    glue
  )
  expect(code.filter((file) => /from "react"/.test(codeOf(file)))).toEqual(
    code.filter((file) => file.startsWith(`${PORT}react/`))
  )
})

it("has no import cycle", () => {
  const cycles: string[] = []
  const state = new Map<string, "open" | "done">()
  const stack: string[] = []
  const visit = (file: string) => {
    state.set(file, "open")
    stack.push(file)
    for (const target of imports.get(file) ?? []) {
      if (!imports.has(target)) continue
      if (state.get(target) === "open") {
        cycles.push([...stack.slice(stack.indexOf(target)), target].join(" → "))
      } else if (!state.has(target)) visit(target)
    }
    stack.pop()
    state.set(file, "done")
  }
  for (const file of imports.keys()) if (!state.has(file)) visit(file)
  expect(cycles).toEqual([])
})

it("keeps every product file under 250 lines", () => {
  const long = [...imports.keys()]
    .map((file) => ({
      file,
      lines: readFileSync(path.join(root, file), "utf8").split("\n").length
    }))
    .filter(({ lines }) => lines > 250)
  expect(long).toEqual([])
})
