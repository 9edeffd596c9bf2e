import { checkListingTexts, type ListingTexts } from "./text-checks"
import {
  text,
  type CheckResult,
  type FileMap,
  type Manifest,
  type Problem
} from "./types"

/**
 * The manifest's store texts as each language's users read them. A name or
 * description of `__MSG_x__` is looked up in `_locales/<lang>/messages.json`,
 * falling back to the default locale's, as Chrome does; message names are
 * case-insensitive, and `@@…` names are Chrome's own.
 * https://developer.chrome.com/docs/extensions/reference/api/i18n#overview
 */

const TEXT_FIELDS = ["name", "short_name", "description"] as const
const MESSAGE_REF = /__MSG_(\w+)__/g
const CATALOGUE = /^_locales\/([^/]+)\/messages\.json$/

/** True when a store text of the manifest is (or contains) a `__MSG_…__` lookup. */
export function usesLocaleMessages(manifest: Manifest): boolean {
  return TEXT_FIELDS.some((field) => {
    const value = manifest[field]
    return typeof value === "string" && /__MSG_\w+__/.test(value)
  })
}

type Catalogue = Map<string, string>

/** A locale's messages by lower-cased name, or why they cannot be read. */
function readCatalogue(bytes: Uint8Array): Catalogue | string {
  let parsed: unknown
  try {
    parsed = JSON.parse(text(bytes).replace(/^\uFEFF/, ""))
  } catch (error) {
    return `is not valid JSON: ${(error as Error).message}`
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    return "is not an object of messages"
  }
  const messages: Catalogue = new Map()
  for (const [name, entry] of Object.entries(parsed)) {
    const message = (entry as { message?: unknown } | null)?.message
    if (typeof message === "string") messages.set(name.toLowerCase(), message)
  }
  return messages
}

/**
 * Every locale's name, short name and description, checked with the store's
 * text rules; a lookup the default locale lacks (Chrome then refuses to load
 * the extension) or an unreadable catalogue is a problem.
 */
export function checkLocaleTexts(
  files: FileMap,
  manifest: Manifest
): CheckResult {
  if (!usesLocaleMessages(manifest)) return { problems: [], notes: [] }
  const problems: Problem[] = []
  const add = (message: string) => problems.push({ check: "locales", message })
  const fallback = manifest.default_locale
  if (typeof fallback !== "string") {
    add("the manifest's texts use __MSG_ lookups but it has no default_locale")
    return { problems, notes: [] }
  }

  const catalogues = new Map<string, Catalogue>()
  for (const [path, bytes] of files) {
    const lang = CATALOGUE.exec(path)?.[1]
    if (!lang) continue
    const read = readCatalogue(bytes)
    if (typeof read === "string") add(`${path} ${read}`)
    else catalogues.set(lang, read)
  }
  const defaults = catalogues.get(fallback)
  if (!defaults) return { problems, notes: [] } // checkManifestFiles reports it

  for (const field of TEXT_FIELDS) {
    const value = manifest[field]
    if (typeof value !== "string") continue
    for (const [, name] of value.matchAll(MESSAGE_REF)) {
      if (!name.startsWith("@@") && !defaults.has(name.toLowerCase())) {
        add(
          `${field} uses __MSG_${name}__, which _locales/${fallback}/messages.json does not have`
        )
      }
    }
  }
  const resolve = (value: unknown, messages: Catalogue) =>
    typeof value === "string"
      ? value.replace(
          MESSAGE_REF,
          (ref, name: string) =>
            messages.get(name.toLowerCase()) ??
            defaults.get(name.toLowerCase()) ??
            ref
        )
      : value
  const langs = [...catalogues.keys()].sort()
  for (const lang of langs) {
    const messages = catalogues.get(lang)!
    const texts: ListingTexts = {
      name: resolve(manifest.name, messages),
      description: resolve(manifest.description, messages)
    }
    if (manifest.short_name !== undefined) {
      texts.short_name = resolve(manifest.short_name, messages)
    }
    problems.push(...checkListingTexts(texts, `in _locales/${lang}: `))
  }
  return {
    problems,
    notes: [`name and description checked in ${langs.join(", ")}`]
  }
}
