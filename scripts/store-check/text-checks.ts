import {
  MAX_DESCRIPTION_LENGTH,
  MAX_NAME_LENGTH,
  MAX_SHORT_NAME_LENGTH
} from "./config"
import type { Problem } from "./types"

// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/
const HTML_TAG = /<\/?[a-z!][^>]*>/i
const HTML_ENTITY = /&(#\d+|#x[0-9a-f]+|[a-z]+);/i
const MARKDOWN = /\*\*[^*]+\*\*|__[^_]+__|\[[^\]]+\]\([^)]+\)|`[^`]+`/

/** Describes why a store text field is not plain text, or null if it is. */
function markupIn(value: string): string | null {
  if (CONTROL_CHARS.test(value)) return "contains control characters"
  if (HTML_TAG.test(value)) return "contains HTML markup"
  if (HTML_ENTITY.test(value)) return "contains an HTML entity"
  if (MARKDOWN.test(value)) return "contains Markdown markup"
  return null
}

/** The texts the store shows from the manifest, as the user reads them. */
export interface ListingTexts {
  name: unknown
  short_name?: unknown
  description: unknown
}

/**
 * The store's rules for the manifest's name, short name and description:
 * present, plain text, within the store's lengths. `where` says whose texts
 * they are ("" for the manifest's own, "in _locales/de: " for a locale's).
 */
export function checkListingTexts(texts: ListingTexts, where = ""): Problem[] {
  const problems: Problem[] = []
  const add = (message: string) =>
    problems.push({ check: "manifest", message: `${where}${message}` })

  const { name, short_name: shortName, description } = texts
  if (typeof name !== "string" || name.trim() === "") {
    add("name is missing or empty")
  } else {
    if (name.length > MAX_NAME_LENGTH) {
      add(
        `name is ${name.length} characters; the store allows at most ${MAX_NAME_LENGTH}`
      )
    }
    if (/^\s*DEV\s*\|/i.test(name)) {
      add(
        `name "${name}" starts with "DEV |": this is a \`plasmo dev\` build, package a production build`
      )
    }
    const why = markupIn(name)
    if (why) add(`name ${why}`)
  }

  if (shortName !== undefined) {
    if (typeof shortName !== "string" || shortName.trim() === "") {
      add("short_name is empty or not a string")
    } else if (shortName.length > MAX_SHORT_NAME_LENGTH) {
      add(
        `short_name is ${shortName.length} characters; keep it to ${MAX_SHORT_NAME_LENGTH}`
      )
    }
  }

  if (typeof description !== "string" || description.trim() === "") {
    add("description is missing or empty; the store requires one")
  } else {
    if (description.length > MAX_DESCRIPTION_LENGTH) {
      add(
        `description is ${description.length} characters; the store allows at most ${MAX_DESCRIPTION_LENGTH}`
      )
    }
    const why = markupIn(description)
    if (why) add(`description ${why}; it must be plain text`)
  }
  return problems
}
