import { MAX_ZIP_BYTES } from "./config"
import { zipPath } from "./icon-checks"
import {
  text,
  type CheckResult,
  type FileMap,
  type Manifest,
  type Problem
} from "./types"

function result(problems: Problem[]): CheckResult {
  return { problems, notes: [] }
}

function strings(value: unknown): string[] {
  if (typeof value === "string") return [value]
  if (Array.isArray(value)) return value.filter((v) => typeof v === "string")
  return []
}

function asObject(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {}
}

function globToRegExp(glob: string): RegExp {
  const escaped = zipPath(glob)
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
  return new RegExp(`^${escaped.join(".*")}$`)
}

/**
 * Every file the manifest names (other than icons, which icon-checks owns)
 * exists in the zip: popup, service worker, side panel, options and devtools
 * pages, overrides, content scripts, sandbox pages, web-accessible resources
 * (globs must match at least one file), rule files and the default locale.
 */
export function checkManifestFiles(
  files: FileMap,
  manifest: Manifest
): CheckResult {
  const refs: { field: string; path: string }[] = []
  const ref = (field: string, value: unknown) =>
    strings(value).forEach((path) => refs.push({ field, path }))

  ref("action.default_popup", asObject(manifest.action).default_popup)
  ref("background.service_worker", asObject(manifest.background).service_worker)
  ref("side_panel.default_path", asObject(manifest.side_panel).default_path)
  ref("options_page", manifest.options_page)
  ref("options_ui.page", asObject(manifest.options_ui).page)
  ref("devtools_page", manifest.devtools_page)
  for (const [key, value] of Object.entries(
    asObject(manifest.chrome_url_overrides)
  )) {
    ref(`chrome_url_overrides.${key}`, value)
  }
  ref("sandbox.pages", asObject(manifest.sandbox).pages)
  const scripts = Array.isArray(manifest.content_scripts)
    ? manifest.content_scripts
    : []
  scripts.forEach((entry, i) => {
    ref(`content_scripts[${i}].js`, asObject(entry).js)
    ref(`content_scripts[${i}].css`, asObject(entry).css)
  })
  const dnr = asObject(manifest.declarative_net_request).rule_resources
  if (Array.isArray(dnr)) {
    dnr.forEach((rule, i) =>
      ref(
        `declarative_net_request.rule_resources[${i}].path`,
        asObject(rule).path
      )
    )
  }
  if (typeof manifest.default_locale === "string") {
    ref("default_locale", `_locales/${manifest.default_locale}/messages.json`)
  }

  const problems: Problem[] = []
  for (const { field, path } of refs) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith("//")) {
      problems.push({
        check: "files",
        message: `${field} points outside the package (${path})`
      })
    } else if (!files.has(zipPath(path.split(/[?#]/)[0]))) {
      problems.push({
        check: "files",
        message: `${field} names ${path}, which is not in the zip`
      })
    }
  }

  const war = Array.isArray(manifest.web_accessible_resources)
    ? manifest.web_accessible_resources
    : []
  const paths = [...files.keys()]
  war.forEach((entry, i) => {
    for (const resource of strings(asObject(entry).resources)) {
      const found = resource.includes("*")
        ? paths.some((p) => globToRegExp(resource).test(p))
        : files.has(zipPath(resource))
      if (!found) {
        problems.push({
          check: "files",
          message: `web_accessible_resources[${i}] names ${resource}, which matches nothing in the zip`
        })
      }
    }
  })
  return result(problems)
}

const TAG = /<(script|link)\b([^>]*)>/gi
const ATTR = (name: string) =>
  new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, "i")

function attr(attributes: string, name: string): string | null {
  const m = ATTR(name).exec(attributes)
  return m ? (m[1] ?? m[2] ?? m[3]) : null
}

/** Resolves an HTML reference against the page's folder to a zip path. */
export function resolveRef(htmlPath: string, ref: string): string {
  const clean = decodeURIComponent(ref.split(/[?#]/)[0])
  const base = clean.startsWith("/") ? [] : htmlPath.split("/").slice(0, -1)
  for (const part of clean.split("/")) {
    if (part === "" || part === ".") continue
    if (part === "..") base.pop()
    else base.push(part)
  }
  return base.join("/")
}

const NON_SCRIPT_TYPES =
  /^(application\/(ld\+)?json|importmap|text\/template)$/i

/**
 * Every `<script src>` and `<link href>` in the zipped HTML resolves to a file
 * in the zip; no remote scripts or stylesheets; no inline scripts (Manifest
 * V3's CSP blocks them, so the page would silently not run).
 */
export function checkHtmlReferences(files: FileMap): CheckResult {
  const problems: Problem[] = []
  for (const [path, bytes] of files) {
    if (!/\.html?$/i.test(path)) continue
    const html = text(bytes)
    for (const match of html.matchAll(TAG)) {
      const tag = match[1].toLowerCase()
      const attributes = match[2]
      const ref = attr(attributes, tag === "script" ? "src" : "href")
      if (ref === null) {
        if (tag === "script") {
          const type = attr(attributes, "type") ?? ""
          const after = html.slice(match.index! + match[0].length)
          const body = after.slice(0, after.search(/<\/script\s*>/i))
          if (!NON_SCRIPT_TYPES.test(type) && body.trim() !== "") {
            problems.push({
              check: "html",
              message: `${path} has an inline <script>; Manifest V3 blocks inline scripts, move it to a file`
            })
          }
        }
        continue
      }
      if (/^(https?:)?\/\//i.test(ref)) {
        problems.push({
          check: "html",
          message: `${path} loads remote ${tag === "script" ? "code" : "content"} <${tag} ${tag === "script" ? "src" : "href"}="${ref}">; the store forbids remotely hosted code`
        })
        continue
      }
      if (/^[a-z][a-z0-9+.-]*:/i.test(ref)) continue // data:, chrome-extension:, …
      const target = resolveRef(path, ref)
      if (!files.has(target)) {
        problems.push({
          check: "html",
          message: `${path} references ${ref}, which is not in the zip`
        })
      }
    }
  }
  return result(problems)
}

const FORBIDDEN_FILES: { test: (path: string) => boolean; why: string }[] = [
  { test: (p) => /\.map$/i.test(p), why: "a source map" },
  {
    test: (p) => /^\.env/.test(p.split("/").pop()!),
    why: "an environment file"
  },
  { test: (p) => p.split("/").pop() === "keys.json", why: "a key file" },
  { test: (p) => /\.pem$/i.test(p), why: "a private key" },
  { test: (p) => /\.crx$/i.test(p), why: "a packed extension" },
  { test: (p) => p.split("/").includes("node_modules"), why: "node_modules" },
  { test: (p) => p.split("/").includes(".git"), why: "git metadata" },
  {
    test: (p) => /^(\.DS_Store|Thumbs\.db)$/.test(p.split("/").pop()!),
    why: "OS junk"
  }
]

/** Files that must never ship: source maps, secrets, node_modules, junk. */
export function checkForbiddenFiles(files: FileMap): CheckResult {
  const problems: Problem[] = []
  for (const path of files.keys()) {
    const hit = FORBIDDEN_FILES.find((f) => f.test(path))
    if (hit) {
      problems.push({
        check: "files",
        message: `${path} is ${hit.why} and must not be in the package`
      })
    }
  }
  return result(problems)
}

/**
 * Strings a `plasmo dev` build has and a `plasmo build` does not. Found by
 * building both (Plasmo 0.90.5): the dev bundle carries Plasmo's HMR runtime
 * and inline source maps. (`parcelRequire` is in both, so it is no marker.)
 */
export const DEV_MARKERS: { pattern: RegExp; why: string }[] = [
  { pattern: /__plasmo_hmr_proxy__/g, why: "Plasmo's HMR proxy" },
  { pattern: /__plasmo_runtime_/g, why: "Plasmo's dev runtime" },
  { pattern: /plasmo\/parcel-runtime/g, why: "Plasmo's Parcel HMR runtime" },
  { pattern: /HMR_BUNDLE_ID/g, why: "Parcel's HMR runtime" },
  { pattern: /[#@]\s*sourceMappingURL=/g, why: "a source map reference" },
  {
    pattern: /\b(localhost|127\.0\.0\.1)\b/g,
    why: "a reference to localhost (the dev server)"
  }
]

const TEXT_FILE = /\.(m?js|html?|css|json)$/i

/** Dev-build traces in the packaged code and manifest. */
export function checkDevTraces(files: FileMap): CheckResult {
  const problems: Problem[] = []
  for (const [path, bytes] of files) {
    if (!TEXT_FILE.test(path)) continue
    let source = text(bytes)
    if (path === "manifest.json") {
      // The CSP's localhost is reported by the CSP check, with more context.
      source = source.replace(/"content_security_policy"\s*:\s*\{[^}]*\}/, "")
    }
    for (const { pattern, why } of DEV_MARKERS) {
      const count = source.match(pattern)?.length ?? 0
      if (count > 0) {
        problems.push({
          check: "dev-build",
          message: `${path} contains ${why} (${count}×): this looks like a \`plasmo dev\` build`
        })
      }
    }
  }
  return result(problems)
}

/**
 * Code built from strings, or fetched from elsewhere. `eval(` must not be a
 * method call (`.eval(`) or the tail of another name (`medieval(`);
 * `window.eval(` and friends are caught separately. String arguments to
 * setTimeout/setInterval are string eval.
 */
export const DYNAMIC_CODE: { pattern: RegExp; what: string }[] = [
  { pattern: /(^|[^\w$.])eval\s*\(/g, what: "eval()" },
  { pattern: /\b(window|globalThis|self)\s*\.\s*eval\s*\(/g, what: "eval()" },
  // With or without `new`: `Function("…")` builds code from a string too.
  // Not a method or the tail of a name (`execUnsafeLocalFunction(`).
  { pattern: /(^|[^\w$.])Function\s*\(/g, what: "new Function()" },
  {
    pattern: /\b(setTimeout|setInterval)\s*\(\s*["'`]/g,
    what: "setTimeout/setInterval with a string"
  },
  {
    pattern: /\b(importScripts|import)\s*\(\s*["'`](https?:)?\/\//g,
    what: "remote code import"
  }
]

function snippet(source: string, index: number): string {
  return source
    .slice(Math.max(0, index - 30), index + 40)
    .replace(/\s+/g, " ")
    .trim()
}

/** No eval-like constructs or remote imports in the bundled JavaScript. */
export function checkDynamicCode(files: FileMap): CheckResult {
  const problems: Problem[] = []
  for (const [path, bytes] of files) {
    if (!/\.m?js$/i.test(path)) continue
    const source = text(bytes)
    for (const { pattern, what } of DYNAMIC_CODE) {
      for (const match of source.matchAll(pattern)) {
        problems.push({
          check: "code",
          message: `${path} uses ${what}: …${snippet(source, match.index!)}…`
        })
      }
    }
  }
  return result(problems)
}

/**
 * True when a script of the package compiles WebAssembly: the one case in
 * which a Manifest V3 CSP may allow 'wasm-unsafe-eval'.
 */
export function runsWebAssembly(files: FileMap): boolean {
  for (const [path, bytes] of files) {
    if (!/\.m?js$/i.test(path)) continue
    if (/WebAssembly\.(compile|instantiate)(Streaming)?\(/.test(text(bytes)))
      return true
  }
  return false
}

/** A byte count in B, KiB or MiB, for messages. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`
  return `${(bytes / 1024 / 1024).toFixed(2)} MiB`
}

/** The zip stays under the budget in config.ts. */
export function checkZipSize(
  zipBytes: number,
  budget = MAX_ZIP_BYTES
): CheckResult {
  if (zipBytes > budget) {
    return result([
      {
        check: "size",
        message: `the zip is ${formatBytes(zipBytes)}, over the ${formatBytes(budget)} budget`
      }
    ])
  }
  return {
    problems: [],
    notes: [`zip size ${formatBytes(zipBytes)} (budget ${formatBytes(budget)})`]
  }
}
