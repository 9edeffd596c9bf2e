/** One thing a store review would reject, tagged with the check that found it. */
export interface Problem {
  check: string
  message: string
}

/** What a group of checks found: problems fail the run, notes are informational. */
export interface CheckResult {
  problems: Problem[]
  notes: string[]
}

/** Files of an extension package: zip path (forward slashes, no leading "/") → bytes. */
export type FileMap = Map<string, Uint8Array>

/** The manifest as parsed JSON; fields are checked, not trusted. */
export type Manifest = Record<string, unknown>

/** The store targets a package can be built and checked for. */
export const TARGETS = ["chrome-mv3", "edge-mv3"] as const
/** One of `TARGETS`. */
export type Target = (typeof TARGETS)[number]

/** True when `value` names one of `TARGETS`. */
export function isTarget(value: string): value is Target {
  return (TARGETS as readonly string[]).includes(value)
}

/** The target named by a `--target=…` argument; throws a clear error for an unknown one. */
export function targetFromArg(arg: string): Target {
  const value = arg.slice("--target=".length)
  if (!isTarget(value)) {
    throw new Error(`unknown target ${value}; use one of ${TARGETS.join(", ")}`)
  }
  return value
}

/** A result with no problems and no notes. */
export function emptyResult(): CheckResult {
  return { problems: [], notes: [] }
}

/** The problems and notes of several results, in order. */
export function merge(...results: CheckResult[]): CheckResult {
  return {
    problems: results.flatMap((r) => r.problems),
    notes: results.flatMap((r) => r.notes)
  }
}

/** A file's bytes as UTF-8 text. */
export function text(bytes: Uint8Array): string {
  return new TextDecoder("utf-8").decode(bytes)
}
