import { readFileSync } from "node:fs"
import { join } from "node:path"

/**
 * `chrome.i18n` as Chrome answers it for an extension whose only language
 * is one catalogue: a message's `$name$` placeholders become their content,
 * then `$1`…`$9` in it become the substitutions ("" for one not given) and
 * `$$` a dollar sign; an unknown name answers "". Names are case-insensitive,
 * as in Chrome.
 * https://developer.chrome.com/docs/extensions/reference/api/i18n#method-getMessage
 * https://developer.chrome.com/docs/extensions/how-to/ui/localization-message-formats
 */
export interface CatalogueEntry {
  message: string
  description?: string
  placeholders?: Record<string, { content: string; example?: string }>
}
export type Catalogue = Record<string, CatalogueEntry>

/** locales/<lang>/messages.json, parsed. */
export function readCatalogue(lang: string): Catalogue {
  const file = join(__dirname, "../../../locales", lang, "messages.json")
  return JSON.parse(readFileSync(file, "utf8")) as Catalogue
}

/** The message `name` of `catalogue` with `substitutions` applied, as getMessage does. */
export function getMessageFrom(
  catalogue: Catalogue,
  name: string,
  substitutions?: string | (string | number)[]
): string {
  const entry = Object.entries(catalogue).find(
    ([key]) => key.toLowerCase() === name.toLowerCase()
  )?.[1]
  if (!entry) return ""
  const placeholders = new Map(
    Object.entries(entry.placeholders ?? {}).map(([key, value]) => [
      key.toLowerCase(),
      value.content
    ])
  )
  const withContent = entry.message.replace(
    /\$([A-Za-z0-9_@]+)\$/g,
    (whole, key: string) => placeholders.get(key.toLowerCase()) ?? whole
  )
  const values =
    substitutions === undefined
      ? []
      : Array.isArray(substitutions)
        ? substitutions.map(String)
        : [substitutions]
  return withContent.replace(/\$(\$|[1-9])/g, (_whole, what: string) =>
    what === "$" ? "$" : (values[Number(what) - 1] ?? "")
  )
}

/** A `chrome.i18n` answering from locales/<lang>/messages.json. */
export function fakeI18n(lang = "en"): Pick<typeof chrome.i18n, "getMessage"> {
  const catalogue = readCatalogue(lang)
  return {
    getMessage: (name: string, substitutions?: string | (string | number)[]) =>
      getMessageFrom(catalogue, name, substitutions)
  }
}
