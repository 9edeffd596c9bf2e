import type { CheckResult, Manifest, Problem } from "./types"

export interface CspOptions {
  /** Allow 'wasm-unsafe-eval' (only if the extension really runs WebAssembly). */
  allowWasm?: boolean
}

/** Parses a CSP string into directive name → source tokens. */
export function parseCsp(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>()
  for (const part of policy.split(";")) {
    const [name, ...tokens] = part.trim().split(/\s+/)
    if (name && !directives.has(name.toLowerCase())) {
      directives.set(name.toLowerCase(), tokens)
    }
  }
  return directives
}

const SCRIPT_DIRECTIVES = [
  "script-src",
  "script-src-elem",
  "script-src-attr",
  "worker-src"
]

/** Directives whose remote sources fail the check (scripts are checked apart). */
const DATA_DIRECTIVES = ["connect-src", "frame-src", "object-src"]

/** A (lower-cased, unquoted) source that reaches outside the package: a network scheme, a host or a wildcard. */
function reachesOutside(t: string): boolean {
  return (
    t === "*" ||
    /^(https?|wss?|ftp):/.test(t) ||
    t.includes(".") ||
    t.includes("*")
  )
}

/**
 * Checks one CSP (extension_pages or sandbox): scripts may only come from the
 * package ('self' or 'none'): no eval, no inline scripts, no remote or
 * wildcard sources; and no localhost anywhere (a dev build's CSP).
 */
export function checkCspString(
  key: string,
  policy: string,
  options: CspOptions = {}
): Problem[] {
  const problems: Problem[] = []
  const add = (message: string) =>
    problems.push({
      check: "csp",
      message: `content_security_policy.${key}: ${message}`
    })
  const directives = parseCsp(policy)
  const present = SCRIPT_DIRECTIVES.filter((d) => directives.has(d))
  // default-src governs scripts only where no script directive is given.
  const governing = present.length ? present : ["default-src"]
  for (const directive of governing) {
    for (const token of directives.get(directive) ?? []) {
      const t = token.toLowerCase()
      if (t === "'self'" || t === "'none'") continue
      if (t === "'unsafe-eval'") add(`${directive} allows 'unsafe-eval'`)
      else if (t === "'unsafe-inline'")
        add(`${directive} allows 'unsafe-inline' scripts`)
      else if (t === "'unsafe-hashes'")
        add(`${directive} allows 'unsafe-hashes' (inline event handlers)`)
      else if (t === "'wasm-unsafe-eval'") {
        if (!options.allowWasm) {
          add(
            `${directive} allows 'wasm-unsafe-eval', but the extension runs no WebAssembly`
          )
        }
      } else if (reachesOutside(t) || /^(data|blob|filesystem):/.test(t)) {
        add(
          `${directive} allows script source ${token}; scripts must come from the package`
        )
      } else {
        add(
          `${directive} has source ${token}, which Manifest V3 does not allow for scripts`
        )
      }
    }
  }
  // Where data and documents come from and go to: a remote source here lets
  // the pages talk to (or frame) a server, which the listing says they never do.
  for (const directive of DATA_DIRECTIVES) {
    const tokens =
      directives.get(directive) ??
      (directive === "connect-src" || directive === "frame-src"
        ? directives.get("default-src")
        : undefined)
    for (const token of tokens ?? []) {
      const t = token.toLowerCase()
      if (!t.startsWith("'") && reachesOutside(t)) {
        add(
          `${directives.has(directive) ? directive : "default-src"} allows remote source ${token} for ${directive}; the pages load nothing from elsewhere`
        )
      }
    }
  }
  if (/\b(localhost|127\.0\.0\.1)\b/i.test(policy)) {
    add("mentions localhost: this is a `plasmo dev` build's CSP")
  }
  return problems
}

/** The manifest's content_security_policy, both keys. */
export function checkCsp(
  manifest: Manifest,
  options: CspOptions = {}
): CheckResult {
  const csp = manifest.content_security_policy
  const problems: Problem[] = []
  if (csp === undefined)
    return {
      problems,
      notes: ["no content_security_policy: Chrome's MV3 default applies"]
    }
  if (typeof csp === "string") {
    problems.push({
      check: "csp",
      message:
        "content_security_policy is a string (Manifest V2 form); Manifest V3 wants { extension_pages, sandbox }"
    })
    return { problems, notes: [] }
  }
  if (!csp || typeof csp !== "object" || Array.isArray(csp)) {
    problems.push({
      check: "csp",
      message: "content_security_policy is not an object"
    })
    return { problems, notes: [] }
  }
  for (const [key, value] of Object.entries(csp)) {
    if (key !== "extension_pages" && key !== "sandbox") {
      problems.push({
        check: "csp",
        message: `content_security_policy has unknown key "${key}"`
      })
      continue
    }
    if (typeof value !== "string") {
      problems.push({
        check: "csp",
        message: `content_security_policy.${key} is not a string`
      })
      continue
    }
    problems.push(...checkCspString(key, value, options))
  }
  return { problems, notes: [] }
}
