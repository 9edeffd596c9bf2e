import { usesLocaleMessages } from "./locale-checks"
import { checkListingTexts } from "./text-checks"
import { text, type CheckResult, type FileMap, type Manifest } from "./types"

export interface ParsedManifest {
  manifest: Manifest | null
  result: CheckResult
}

/** Finds manifest.json at the zip root and parses it. */
export function parseManifest(files: FileMap): ParsedManifest {
  const bytes = files.get("manifest.json")
  if (!bytes) {
    const nested = [...files.keys()].find((p) => p.endsWith("/manifest.json"))
    return {
      manifest: null,
      result: {
        problems: [
          {
            check: "manifest",
            message: nested
              ? `manifest.json is not at the zip root (found ${nested}); zip the build folder's contents, not the folder`
              : "manifest.json is missing from the zip"
          }
        ],
        notes: []
      }
    }
  }
  let source = text(bytes)
  if (source.charCodeAt(0) === 0xfeff) source = source.slice(1)
  try {
    const parsed: unknown = JSON.parse(source)
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
      throw new Error("the top level is not an object")
    }
    return { manifest: parsed as Manifest, result: { problems: [], notes: [] } }
  } catch (error) {
    return {
      manifest: null,
      result: {
        problems: [
          {
            check: "manifest",
            message: `manifest.json is not valid JSON: ${(error as Error).message}`
          }
        ],
        notes: []
      }
    }
  }
}

/**
 * Parses a Chrome extension version: 1–4 dot-separated integers 0–65535,
 * no leading zeros. Returns the parts, or a reason it is invalid.
 */
export function parseVersion(version: string): number[] | string {
  const parts = version.split(".")
  if (parts.length < 1 || parts.length > 4) {
    return "must have 1 to 4 dot-separated parts"
  }
  const numbers: number[] = []
  for (const part of parts) {
    if (!/^\d+$/.test(part)) return `part "${part}" is not a whole number`
    if (part.length > 1 && part.startsWith("0")) {
      return `part "${part}" has a leading zero`
    }
    const n = Number(part)
    if (n > 65535) return `part "${part}" is above 65535`
    numbers.push(n)
  }
  return numbers
}

/** Compares parsed versions; missing trailing parts count as 0 (1.0 == 1.0.0). */
export function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0)
    if (d !== 0) return Math.sign(d)
  }
  return 0
}

/**
 * The version must be strictly higher than every version already released
 * for this target (the store refuses an upload that does not raise it).
 */
export function checkVersionAgainstReleases(
  version: string,
  released: readonly string[]
): CheckResult {
  const result: CheckResult = { problems: [], notes: [] }
  const current = parseVersion(version)
  if (typeof current === "string") return result // reported by checkManifest
  const parsed: { text: string; parts: number[] }[] = []
  for (const r of released) {
    const parts = parseVersion(r)
    if (typeof parts === "string") {
      result.problems.push({
        check: "version",
        message: `released version "${r}" in the release record is not a valid version (${parts})`
      })
    } else {
      parsed.push({ text: r, parts })
    }
  }
  if (parsed.length === 0) {
    result.notes.push(
      `version ${version}: no earlier release recorded for this target`
    )
    return result
  }
  const highest = parsed.reduce((a, b) =>
    compareVersions(a.parts, b.parts) >= 0 ? a : b
  )
  if (compareVersions(current, highest.parts) <= 0) {
    result.problems.push({
      check: "version",
      message: `version ${version} is not higher than the last released version ${highest.text}; bump "version" in package.json`
    })
  } else {
    result.notes.push(
      `version ${version} is higher than the last released ${highest.text}`
    )
  }
  return result
}

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === "object" && !Array.isArray(value)
}

/** Manifest-level rules: version, name, description, forbidden keys. */
export function checkManifest(manifest: Manifest): CheckResult {
  const problems: CheckResult["problems"] = []
  const add = (message: string) => problems.push({ check: "manifest", message })

  if (manifest.manifest_version !== 3) {
    add(
      `manifest_version is ${JSON.stringify(manifest.manifest_version)}; the store requires 3`
    )
  }

  // Texts that are `__MSG_…__` lookups are checked per locale, as each
  // language's users read them (locale-checks.ts).
  if (!usesLocaleMessages(manifest)) {
    problems.push(
      ...checkListingTexts({
        name: manifest.name,
        short_name: manifest.short_name,
        description: manifest.description
      })
    )
  }

  const version = manifest.version
  if (typeof version !== "string") {
    add("version is missing or not a string")
  } else {
    const parsed = parseVersion(version)
    if (typeof parsed === "string") add(`version "${version}" ${parsed}`)
  }

  if ("key" in manifest) {
    add(
      'manifest has a "key" field; the store rejects uploads with one (package strips it)'
    )
  }
  if ("update_url" in manifest) {
    add('manifest has an "update_url"; store-hosted items must not set one')
  }

  const background = manifest.background
  if (
    isObject(background) &&
    ("scripts" in background || "page" in background)
  ) {
    add(
      "background uses scripts/page; Manifest V3 needs background.service_worker"
    )
  }
  if ("browser_action" in manifest || "page_action" in manifest) {
    add("browser_action/page_action are Manifest V2; use action")
  }

  return { problems, notes: [] }
}
