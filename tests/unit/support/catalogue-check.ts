import type { Catalogue } from "./fake-i18n"

/** The `$name$` placeholders a message uses, lowercased and sorted. */
function usedPlaceholders(message: string): string[] {
  const names = [...message.matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((match) =>
    match[1].toLowerCase()
  )
  return [...new Set(names)].sort()
}

/** A catalogue's own faults: bad names, names alike but for case, placeholders used and declared apart. */
export function catalogueProblems(catalogue: Catalogue): string[] {
  const problems: string[] = []
  const seen = new Map<string, string>()
  for (const [key, entry] of Object.entries(catalogue)) {
    // https://developer.chrome.com/docs/extensions/how-to/ui/localization-message-formats#name
    if (!/^[A-Za-z0-9_@]+$/.test(key) || key.startsWith("@@")) {
      problems.push(`${key}: not a valid message name`)
    }
    const alike = seen.get(key.toLowerCase())
    if (alike)
      problems.push(`${key}: the same name as ${alike} (names ignore case)`)
    seen.set(key.toLowerCase(), key)
    if (typeof entry.message !== "string" || entry.message.trim() === "") {
      problems.push(`${key}: empty message`)
      continue
    }
    const declared = Object.keys(entry.placeholders ?? {})
      .map((name) => name.toLowerCase())
      .sort()
    const used = usedPlaceholders(entry.message)
    if (used.join() !== declared.join()) {
      problems.push(
        `${key}: uses placeholders [${used.join(", ")}] but declares [${declared.join(", ")}]`
      )
    }
  }
  return problems
}

/** How `locale` differs from the English catalogue: missing and extra names, other placeholders. */
export function differencesFromEnglish(
  english: Catalogue,
  locale: Catalogue
): string[] {
  const problems: string[] = []
  for (const key of Object.keys(english)) {
    if (!Object.hasOwn(locale, key)) problems.push(`${key}: missing`)
  }
  for (const key of Object.keys(locale)) {
    if (!Object.hasOwn(english, key)) {
      problems.push(`${key}: not in English`)
      continue
    }
    const placeholders = (c: Catalogue) =>
      JSON.stringify(
        Object.entries(c[key].placeholders ?? {})
          .map(([name, value]) => [name.toLowerCase(), value.content])
          .sort()
      )
    if (placeholders(english) !== placeholders(locale)) {
      problems.push(
        `${key}: placeholders ${placeholders(locale)} differ from English ${placeholders(english)}`
      )
    }
  }
  return problems
}
