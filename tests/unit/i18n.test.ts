import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"

import { inspectedViewName } from "~components/inspector/inspector-wording"
import { t, type MessageKey } from "~text/i18n"
import { deliveryText, entriesText } from "~text/timeline-wording"
import {
  formatBytes,
  responseText,
  sendRefusalText,
  statusLabel
} from "~text/wording"

import {
  catalogueProblems,
  differencesFromEnglish
} from "./support/catalogue-check"
import {
  fakeI18n,
  getMessageFrom,
  readCatalogue,
  type Catalogue
} from "./support/fake-i18n"

const root = join(__dirname, "../..")
const LOCALES = readdirSync(join(root, "locales"))
const english = readCatalogue("en")

describe("the locales", () => {
  it("are English and German, English the manifest's default", () => {
    expect(LOCALES.sort()).toEqual(["de", "en"])
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"))
    expect(pkg.manifest.default_locale).toBe("en")
  })

  it.each(LOCALES)("%s is a well-formed catalogue", (lang) => {
    expect(catalogueProblems(readCatalogue(lang))).toEqual([])
  })

  it.each(LOCALES.filter((lang) => lang !== "en"))(
    "%s has every English name, no other, with English's placeholders",
    (lang) => {
      expect(differencesFromEnglish(english, readCatalogue(lang))).toEqual([])
    }
  )

  it("names a missing, an extra and a changed placeholder", () => {
    const other: Catalogue = {
      totals: {
        message: "$SENT$ · $REPLIED$ · $FAILED$",
        placeholders: {
          sent: { content: "$2" },
          replied: { content: "$1" },
          failed: { content: "$3" }
        }
      },
      unheardOf: { message: "?" }
    }
    const english: Catalogue = {
      totals: readCatalogue("en").totals,
      connect: { message: "Connect" }
    }
    expect(differencesFromEnglish(english, other)).toEqual([
      "connect: missing",
      expect.stringMatching(/^totals: placeholders .* differ from English/),
      "unheardOf: not in English"
    ])
  })

  it("names placeholders used but not declared, and names alike but for case", () => {
    expect(
      catalogueProblems({
        send: { message: "Send $TEXT$" },
        Send: { message: "Send" }
      })
    ).toEqual([
      "send: uses placeholders [text] but declares []",
      "Send: the same name as send (names ignore case)"
    ])
  })

  it("has no message that nothing uses", () => {
    const sources = ["components", "text", "tab-widget"]
      .flatMap((dir) =>
        readdirSync(join(root, dir), { recursive: true, encoding: "utf8" })
          .filter((file) => /\.tsx?$/.test(file))
          .map((file) => join(root, dir, file))
      )
      .concat(join(root, "package.json"))
      .map((file) => readFileSync(file, "utf8"))
      .join("\n")
    const unused = Object.keys(english).filter(
      (key) =>
        !sources.includes(`"${key}"`) && !sources.includes(`__MSG_${key}__`)
    )
    expect(unused).toEqual([])
  })

  it("has every __MSG_…__ the manifest names", () => {
    const pkg = readFileSync(join(root, "package.json"), "utf8")
    const names = [...pkg.matchAll(/__MSG_(\w+)__/g)].map((match) => match[1])
    expect(names).toEqual(
      expect.arrayContaining([
        "extensionName",
        "extensionDescription",
        "commandOpenSidePanel"
      ])
    )
    for (const name of names) expect(Object.keys(english)).toContain(name)
  })
})

describe("getMessage as the unit tests fake it", () => {
  it("fills named placeholders by their $n, as Chrome does", () => {
    expect(getMessageFrom(english, "totals", ["3", "2", "1"])).toBe(
      "3 sent · 2 replied · 1 failed"
    )
    expect(getMessageFrom(english, "TOTALS", ["3", "2"])).toBe(
      "3 sent · 2 replied ·  failed"
    )
    expect(
      getMessageFrom({ price: { message: "$$5 for $1" } }, "price", "you")
    ).toBe("$5 for you")
    expect(getMessageFrom(english, "noSuchMessage")).toBe("")
  })
})

describe("t", () => {
  it("looks the key up with its substitutions as strings", () => {
    expect(t("connect")).toBe("Connect")
    expect(t("refuseTooLong", 12, 10)).toBe(
      "That message is 12 characters; the limit is 10."
    )
  })

  it("says which key a build without _locales lacks", () => {
    expect(() => t("noSuchKey" as MessageKey)).toThrow(
      'No message "noSuchKey" in _locales'
    )
  })
})

describe("the wording in German", () => {
  beforeEach(() => {
    ;(globalThis as { chrome?: unknown }).chrome = { i18n: fakeI18n("de") }
  })
  afterEach(() => {
    ;(globalThis as { chrome?: unknown }).chrome = undefined
  })

  it("translates the words around data and keeps the reply as it came", () => {
    expect(statusLabel("reconnecting", 2)).toBe("Verbinde erneut… (Versuch 2)")
    expect(
      responseText({ kind: "reply", text: 'Background received: "hallo"' })
    ).toBe('Antwort: Background received: "hallo"')
    expect(entriesText(1)).toBe("1 Eintrag")
    expect(entriesText(3)).toBe("3 Einträge")
    expect(inspectedViewName({ kind: "sidepanel", number: 2 })).toBe(
      "Seitenleiste 2"
    )
  })

  it("writes numbers the German way", () => {
    expect(formatBytes(1500)).toBe("1,5 kB")
    expect(deliveryText("replied", 12.25)).toBe("beantwortet in 12,3 ms")
    expect(
      sendRefusalText({
        code: "file-too-large",
        limit: 100_000_000,
        size: 123_456_789
      })
    ).toBe(
      "Diese Datei ist größer als erlaubt (100 MB; sie hat 123.456.789 Byte)."
    )
  })
})
