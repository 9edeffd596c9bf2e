// Pure logic of `scripts/firefox-lint.ts`: reads the JSON that
// `web-ext lint --output=json` prints, checks it against an explicit,
// commented allow-list and formats a summary. No process, file system or
// child process here, so tests/unit/firefox-lint-support.test.ts can drive it.

/** One message of Mozilla's addons-linter (as printed by `web-ext lint --output=json`). */
export interface LintMessage {
  _type?: string
  code: string
  message: string
  description?: string
  file?: string
  line?: number
  column?: number
}

/** The part of `web-ext lint --output=json`'s result that we read. */
export interface LintResult {
  count?: number
  summary?: { errors: number; warnings: number; notices: number }
  errors: LintMessage[]
  warnings: LintMessage[]
  notices: LintMessage[]
}

/**
 * A warning we accept, and why. A warning is allowed only when every given
 * field matches; `context`, when set, must match the bundled source around the
 * reported line and column, so that an allowed code (say innerHTML) reported
 * from anywhere else in the bundle still fails.
 */
export interface AllowedWarning {
  code: string
  /** The file the warning is reported in (bundled files have content hashes). */
  file: RegExp
  /** Matched against `message` and `description` together. */
  text?: RegExp
  /** Matched against the source within {@link CONTEXT_CHARS} of the position. */
  context?: RegExp
  /** Where the warning comes from and why it is acceptable. */
  reason: string
}

/** How much source either side of a reported position `context` sees. */
export const CONTEXT_CHARS = 240

/** Every page bundle with React in it: the views, the options, the DevTools page and the Ports panel. */
const VIEW_BUNDLE =
  /^(popup|sidepanel|options|devtools|tabs\/ports-panel)\.[0-9a-f]+\.js$/

/** The chunk of the views' extras, loaded after the first paint (components/later.ts). */
const EXTRAS_CHUNK = /^ViewExtras\.[0-9a-f]+\.js$/

/**
 * Every warning `web-ext lint` may report on build/firefox-mv3-prod without
 * failing the check. Anything else (and any error) fails it.
 */
export const ALLOWED_WARNINGS: readonly AllowedWarning[] = [
  {
    // React DOM 18's `setInnerHTML` (react-dom/cjs/react-dom.production.min.js),
    // bundled into each view: `node.innerHTML = html`, and its fallback for SVG
    // nodes without innerHTML (`div.innerHTML = "<svg>" + html + "</svg>"`).
    // The linter reports both assignments. React calls it only to apply a
    // `dangerouslySetInnerHTML` prop; this app never sets one (an ESLint rule
    // in eslint.config.mjs forbids it) and renders all text as text nodes, so
    // no string of ours or of a user's ever reaches it.
    code: "UNSAFE_VAR_ASSIGNMENT",
    file: VIEW_BUNDLE,
    text: /innerHTML/,
    context:
      /"http:\/\/www\.w3\.org\/2000\/svg"!==\w+\.namespaceURI\|\|"innerHTML"in \w+/,
    reason:
      "React DOM's internal setInnerHTML (only used for dangerouslySetInnerHTML, which this app never uses)"
  },
  {
    // components/OpenSidePanelButton.tsx (in the extras chunk) calls
    // chrome.sidePanel.open in the Open side panel button's click handler. The button is rendered only when
    // `chrome.sidePanel.open` is a function (Chrome 116+); Firefox has no
    // sidePanel API, so there the popup shows "This browser has no side
    // panel." instead and the call is never reached. Firefox users get the
    // same page as a sidebar (manifest `sidebar_action`, written by Plasmo).
    code: "UNSUPPORTED_API",
    file: EXTRAS_CHUNK,
    text: /sidePanel\.open/,
    context: /openSidePanelBtn/,
    reason:
      "chrome.sidePanel.open behind a feature check (the button is not shown on Firefox)"
  },
  {
    // Parcel's loader of a chunk loaded after the first paint (the extras,
    // components/later.ts; the badge sharing, hooks/useConnection.ts):
    // `import("./" + bundles.resolve(id))`, where `resolve` maps a bundle id
    // to its hashed file name through a table written into the bundle at
    // build time. The argument is never data from a page or a user, and
    // every file it names is one of this extension's own.
    code: "UNSAFE_VAR_ASSIGNMENT",
    file: VIEW_BUNDLE,
    text: /import/,
    // (From a page in a folder, tabs/, the path starts "./../".)
    context: /import\("\.\/(\.\.\/)*"\+\w+\("\w+"\)\.resolve\("\w+"\)\)/,
    reason:
      "Parcel's loader importing this extension's own chunks by their build-time file names"
  },
  {
    // background/commands.ts opens the side panel for the open-side-panel
    // shortcut, after checking that `chrome.sidePanel.open` is a function:
    // on Firefox, which has none, the shortcut does nothing.
    code: "UNSUPPORTED_API",
    file: /^static\/background\/index\.js$/,
    text: /sidePanel\.open/,
    context: /Could not open the side panel/,
    reason:
      "chrome.sidePanel.open behind a feature check (the shortcut does nothing on Firefox)"
  },
  {
    // The manifest's gecko.strict_min_version (140, the ESR that first honours
    // data_collection_permissions on desktop) also applies to Firefox for
    // Android, which honours data_collection_permissions only from 142. Plasmo
    // keeps only browser_specific_settings.gecko for Firefox targets, so a
    // separate gecko_android minimum cannot be set. On Android 140–141 the key
    // is ignored (no data is collected either way), and this extension's
    // sidebar does not exist on Android at all.
    code: "KEY_FIREFOX_ANDROID_UNSUPPORTED_BY_MIN_VERSION",
    file: /^manifest\.json$/,
    text: /data_collection_permissions/,
    reason:
      "data_collection_permissions is honoured by Firefox for Android only from 142; ignored before, harmless"
  }
]

/** Reads a built file's text (undefined when it cannot be read). */
export type SourceReader = (file: string) => string | undefined

/** The source within `chars` of a 1-based line and 0-based column. */
export function sourceAround(
  source: string,
  line: number | undefined,
  column: number | undefined,
  chars = CONTEXT_CHARS
): string {
  const lines = source.split("\n")
  const lineIndex = Math.max(0, (line ?? 1) - 1)
  if (lineIndex >= lines.length) return ""
  let offset = 0
  for (let i = 0; i < lineIndex; i++) offset += lines[i].length + 1
  offset += Math.max(0, column ?? 0)
  return source.slice(Math.max(0, offset - chars), offset + chars + 1)
}

/** The allow-list entry that covers a warning, if any. */
export function allowedBy(
  warning: LintMessage,
  allowList: readonly AllowedWarning[],
  readSource: SourceReader
): AllowedWarning | undefined {
  return allowList.find((entry) => {
    if (entry.code !== warning.code) return false
    if (warning.file === undefined || !entry.file.test(warning.file)) {
      return false
    }
    if (
      entry.text &&
      !entry.text.test(`${warning.message}\n${warning.description ?? ""}`)
    ) {
      return false
    }
    if (entry.context) {
      const source = readSource(warning.file)
      if (source === undefined) return false
      if (
        !entry.context.test(sourceAround(source, warning.line, warning.column))
      )
        return false
    }
    return true
  })
}

export interface LintVerdict {
  ok: boolean
  errors: LintMessage[]
  /** Warnings no allow-list entry covers: each one fails the check. */
  unexpectedWarnings: LintMessage[]
  allowedWarnings: { warning: LintMessage; entry: AllowedWarning }[]
  notices: LintMessage[]
  /** Allow-list entries that matched nothing (worth pruning; not a failure). */
  unusedEntries: AllowedWarning[]
}

/** Fails on any error and on any warning the allow-list does not cover. */
export function judgeLint(
  result: LintResult,
  allowList: readonly AllowedWarning[],
  readSource: SourceReader
): LintVerdict {
  const allowedWarnings: LintVerdict["allowedWarnings"] = []
  const unexpectedWarnings: LintMessage[] = []
  for (const warning of result.warnings) {
    const entry = allowedBy(warning, allowList, readSource)
    if (entry) allowedWarnings.push({ warning, entry })
    else unexpectedWarnings.push(warning)
  }
  const used = new Set(allowedWarnings.map((a) => a.entry))
  return {
    ok: result.errors.length === 0 && unexpectedWarnings.length === 0,
    errors: result.errors,
    unexpectedWarnings,
    allowedWarnings,
    notices: result.notices,
    unusedEntries: allowList.filter((entry) => !used.has(entry))
  }
}

/**
 * Parses `web-ext lint --output=json`'s stdout. Throws when it holds no
 * linter result (so a crashed linter cannot pass as a clean one).
 */
export function parseLintOutput(stdout: string): LintResult {
  const start = stdout.indexOf("{")
  if (start < 0) throw new Error("web-ext lint printed no JSON")
  const parsed: unknown = JSON.parse(stdout.slice(start))
  const r = parsed as Partial<LintResult>
  if (
    typeof parsed !== "object" ||
    parsed === null ||
    !Array.isArray(r.errors) ||
    !Array.isArray(r.warnings) ||
    !Array.isArray(r.notices)
  ) {
    throw new Error("web-ext lint's JSON has no errors/warnings/notices")
  }
  return r as LintResult
}

function where(m: LintMessage): string {
  if (!m.file) return "(no file)"
  return m.line === undefined ? m.file : `${m.file}:${m.line}:${m.column ?? 0}`
}

function describe(m: LintMessage): string {
  return `${m.code}  ${where(m)}  ${m.message}`
}

/** A human summary of a verdict, one message a line. */
export function formatVerdict(verdict: LintVerdict): string {
  const out: string[] = []
  const section = (title: string, lines: string[]) => {
    out.push(`${title}: ${lines.length}`)
    for (const line of lines) out.push(`  ${line}`)
  }
  section("Errors", verdict.errors.map(describe))
  section(
    "Warnings not on the allow-list",
    verdict.unexpectedWarnings.map(
      (w) => `${describe(w)}${w.description ? `\n      ${w.description}` : ""}`
    )
  )
  section(
    "Allowed warnings",
    verdict.allowedWarnings.map(
      ({ warning, entry }) =>
        `${describe(warning)}\n      allowed: ${entry.reason}`
    )
  )
  section("Notices", verdict.notices.map(describe))
  if (verdict.unusedEntries.length > 0) {
    section(
      "Allow-list entries that matched nothing (consider removing)",
      verdict.unusedEntries.map((e) => `${e.code} (${e.reason})`)
    )
  }
  out.push(
    verdict.ok
      ? "web-ext lint: OK (no errors, no unexpected warnings)"
      : `web-ext lint: FAILED (${verdict.errors.length} error(s), ${verdict.unexpectedWarnings.length} unexpected warning(s))`
  )
  return out.join("\n")
}
