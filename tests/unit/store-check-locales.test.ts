/** @jest-environment node */
import { checkLocaleTexts } from "~scripts/store-check/locale-checks"
import { checkManifest } from "~scripts/store-check/manifest-checks"
import type { FileMap, Manifest } from "~scripts/store-check/types"

import { goodManifest } from "./store-check-fixture"

const enc = (s: string) => new TextEncoder().encode(s)

/** A manifest whose name and description are looked up, with these catalogues. */
function localized(
  catalogues: Record<string, Record<string, string>>,
  manifest: Manifest = {
    ...goodManifest(),
    name: "__MSG_extensionName__",
    description: "__MSG_extensionDescription__",
    default_locale: "en"
  }
): { files: FileMap; manifest: Manifest } {
  const files: FileMap = new Map()
  for (const [lang, messages] of Object.entries(catalogues)) {
    const json = Object.fromEntries(
      Object.entries(messages).map(([name, message]) => [name, { message }])
    )
    files.set(`_locales/${lang}/messages.json`, enc(JSON.stringify(json)))
  }
  return { files, manifest }
}

const EN = {
  extensionName: "Popup to Background Messaging",
  extensionDescription: "Example extension using ports."
}

const messages = (result: { problems: { message: string }[] }) =>
  result.problems.map((p) => p.message)

describe("the store texts in each locale", () => {
  it("passes names and descriptions every locale gives within the rules", () => {
    const { files, manifest } = localized({
      en: EN,
      de: { extensionName: "Popup-zu-Hintergrund-Nachrichten" }
    })
    const result = checkLocaleTexts(files, manifest)
    expect(result.problems).toEqual([])
    expect(result.notes).toEqual(["name and description checked in de, en"])
  })

  it("checks the text users read, not the __MSG_ reference", () => {
    const { files, manifest } = localized({
      en: EN,
      de: {
        extensionName: "N".repeat(76),
        extensionDescription: "Mit <b>Markup</b>"
      }
    })
    expect(messages(checkLocaleTexts(files, manifest))).toEqual([
      "in _locales/de: name is 76 characters; the store allows at most 75",
      "in _locales/de: description contains HTML markup; it must be plain text"
    ])
  })

  it("reads message names regardless of case, and falls back to the default locale", () => {
    const { files, manifest } = localized({
      en: { EXTENSIONNAME: EN.extensionName, extensionDescription: "" },
      fr: { extensiondescription: "Une extension d'exemple." }
    })
    expect(messages(checkLocaleTexts(files, manifest))).toEqual([
      "in _locales/en: description is missing or empty; the store requires one"
    ])
  })

  it("says which lookup the default locale lacks, and what it cannot read", () => {
    const { files, manifest } = localized({ en: { extensionName: "Name" } })
    files.set("_locales/de/messages.json", enc("{ not json"))
    const found = messages(checkLocaleTexts(files, manifest))
    expect(found).toContain(
      "description uses __MSG_extensionDescription__, which _locales/en/messages.json does not have"
    )
    expect(
      found.some((m) =>
        /^_locales\/de\/messages.json is not valid JSON/.test(m)
      )
    ).toBe(true)
  })

  it("wants a default_locale for __MSG_ lookups", () => {
    const { files, manifest } = localized({ en: EN })
    delete manifest.default_locale
    expect(messages(checkLocaleTexts(files, manifest))).toEqual([
      "the manifest's texts use __MSG_ lookups but it has no default_locale"
    ])
  })

  it("leaves a manifest with plain texts to the manifest check, and takes the rest from it", () => {
    const { files, manifest } = localized({ en: EN })
    const plain = { ...goodManifest(), name: "N".repeat(80) }
    expect(checkLocaleTexts(files, plain)).toEqual({ problems: [], notes: [] })
    expect(messages(checkManifest(plain))).toEqual([
      "name is 80 characters; the store allows at most 75"
    ])
    // A lookup is no name of its own for the manifest check to measure.
    expect(messages(checkManifest(manifest))).toEqual([])
  })
})
