import type english from "~locales/en/messages.json"

/**
 * The one lookup every wording module calls: `chrome.i18n.getMessage`,
 * which reads `_locales/<browser language>/messages.json` and falls back to
 * the default locale (en) for a key the language lacks. The keys are typed
 * from the English catalogue, so a misspelt key is a type error, and a key
 * whose message has placeholders cannot be called without substitutions.
 * https://developer.chrome.com/docs/extensions/reference/api/i18n
 */
type Catalogue = typeof english

/** A message name in locales/en/messages.json. */
export type MessageKey = keyof Catalogue

/** What `t(key, …)` takes after the key: one value or more for a message with placeholders, none otherwise. */
type Substitutions<K extends MessageKey> = Catalogue[K] extends {
  placeholders: object
}
  ? [string | number, ...(string | number)[]]
  : []

/**
 * The message `key` in the browser's language, its `$1`…`$9` placeholders
 * filled with `substitutions` in order. Chrome answers "" for a name it
 * does not have; the type and the locale test rule that out, so "" here is a
 * build that shipped without `_locales`, and it is said loudly.
 */
export function t<K extends MessageKey>(
  key: K,
  ...substitutions: Substitutions<K>
): string {
  const text = chrome.i18n.getMessage(key, substitutions.map(String))
  if (text === "") throw new Error(`No message "${key}" in _locales`)
  return text
}

/** The formatters made so far; a page uses a handful of option sets. */
const formats = new Map<string, Intl.NumberFormat>()

/**
 * `value` written the way the catalogue that answers `t` writes numbers
 * ("1.5" in English, "1,5" in German), so the numbers match the words
 * around them: headless Chromium started with --lang=de answers
 * getMessage in German but getUILanguage() and @@ui_locale with "en-US".
 * `options` are Intl's; no thousands separator unless they ask for one.
 */
export function formatNumber(
  value: number,
  options: Intl.NumberFormatOptions = {}
): string {
  const locale = t("numberLocale")
  // Building a formatter costs far more than using one, and the timeline's
  // rows format a number each time they render: one per locale and options.
  const key = `${locale} ${JSON.stringify(options)}`
  let format = formats.get(key)
  if (!format) {
    format = new Intl.NumberFormat(locale, { useGrouping: false, ...options })
    formats.set(key, format)
  }
  return format.format(value)
}

/**
 * Marks the page with the language its words are in (`<html lang>`), so
 * screen readers pick the right voice (WCAG 3.1.1): the templates say "en",
 * and a German browser gets the German catalogue. Called once by each page's
 * entry file.
 */
export function markPageLanguage(root: HTMLElement = document.documentElement) {
  root.lang = t("numberLocale")
}
