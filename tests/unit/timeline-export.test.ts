import { isLogEntry, type LogEntry } from "~protocol"
import { LOG_SHOWN } from "~storage/layout"
import {
  timelineExport,
  timelineJson,
  timelineText
} from "~views/timeline-export"

const EXPORTED_AT = Date.UTC(2026, 11, 3, 10, 20, 30)
const AT = Date.UTC(2026, 11, 3, 10, 0, 0, 123)

function entry(seq: number, fields: Partial<LogEntry> = {}): LogEntry {
  const made: LogEntry = {
    id: `id-${seq}`,
    seq,
    at: AT + seq,
    from: { clientId: "0123456789abcdef", kind: "popup" },
    text: `m${seq}`,
    reply: `Background received: "m${seq}"`,
    ...fields
  }
  // Only what the protocol accepts as an entry is worth exporting in a test.
  expect(isLogEntry(made)).toBe(true)
  return made
}

const log = (entries: LogEntry[], dropped = 0) => ({ entries, dropped })

/** The text file's lines, without its header and final newline. */
const bodyLines = (text: string) => text.split("\n").slice(1, -1)

describe("timelineExport (JSON)", () => {
  it("names its format and lists every documented field of each entry", () => {
    const file = entry(2, {
      text: "report.pdf",
      reply: "Background received report.pdf",
      bytes: 2048,
      rttMs: 12.5
    })
    const stopped = entry(3, {
      stopped: true,
      from: { clientId: "side", kind: "sidepanel" }
    })
    const exported = timelineExport(
      log([entry(1), file, stopped], 7),
      EXPORTED_AT
    )
    expect(exported).toEqual({
      format: "conversation-log/1",
      exportedAt: "2026-12-03T10:20:30.000Z",
      dropped: 7,
      entries: [
        {
          seq: 1,
          id: "id-1",
          time: "2026-12-03T10:00:00.124Z",
          at: AT + 1,
          from: { clientId: "0123456789abcdef", kind: "popup" },
          kind: "message",
          text: "m1",
          reply: 'Background received: "m1"',
          bytes: null,
          rttMs: null,
          stopped: false
        },
        expect.objectContaining({ kind: "file", bytes: 2048, rttMs: 12.5 }),
        expect.objectContaining({
          kind: "message",
          stopped: true,
          from: { clientId: "side", kind: "sidepanel" }
        })
      ]
    })
    // Every entry has the same keys, in the same order.
    const keys = exported.entries.map((e) => Object.keys(e).join())
    expect(new Set(keys).size).toBe(1)
  })

  it("copies fields, never the objects it was given", () => {
    const source = entry(1)
    const extra = Object.assign(entry(2), {
      internal: () => "not data",
      secret: "not a documented field"
    })
    const exported = timelineExport(log([source, extra]), EXPORTED_AT)
    expect(exported.entries[0].from).not.toBe(source.from)
    expect(Object.keys(exported.entries[1])).not.toContain("internal")
    expect(Object.keys(exported.entries[1])).not.toContain("secret")
  })

  it("keeps newlines, quotes and markup as the text they are, and parses back", () => {
    const tricky = entry(1, {
      text: 'line one\nsaid "hi" <img src=x onerror=alert(1)>',
      reply: "a\\b\r\nc"
    })
    const parsed = JSON.parse(timelineJson(log([tricky]), EXPORTED_AT))
    expect(parsed.entries[0].text).toBe(tricky.text)
    expect(parsed.entries[0].reply).toBe(tricky.reply)
  })

  it("writes an empty log as an empty list", () => {
    const text = timelineJson(log([], 3), EXPORTED_AT)
    expect(JSON.parse(text)).toEqual({
      format: "conversation-log/1",
      exportedAt: "2026-12-03T10:20:30.000Z",
      dropped: 3,
      entries: []
    })
    expect(text.endsWith("}\n")).toBe(true)
  })

  it("lists entries in seq order, whatever order they come in", () => {
    const given = [entry(5), entry(2), entry(9)]
    const exported = timelineExport(log(given), EXPORTED_AT)
    expect(exported.entries.map((e) => e.seq)).toEqual([2, 5, 9])
    // The view's own array is left as it was.
    expect(given.map((e) => e.seq)).toEqual([5, 2, 9])
  })

  it("exports a full 500-entry log, every entry once", () => {
    const entries = Array.from({ length: LOG_SHOWN }, (_, i) => entry(i + 101))
    const parsed = JSON.parse(timelineJson(log(entries, 100), EXPORTED_AT))
    expect(parsed.entries).toHaveLength(LOG_SHOWN)
    expect(parsed.entries[0].seq).toBe(101)
    expect(parsed.entries.at(-1).seq).toBe(600)
  })
})

describe("timelineText", () => {
  it("opens with a header, then one line per entry: time, who, what, the reply indented", () => {
    const text = timelineText(
      log([entry(1), entry(2, { rttMs: 3.25 })], 4),
      EXPORTED_AT
    )
    expect(text.split("\n")[0]).toBe(
      "# conversation-log/1 exported 2026-12-03T10:20:30.000Z: 2 entries, 4 older dropped"
    )
    expect(bodyLines(text)).toEqual([
      "2026-12-03T10:00:00.124Z popup/01234567 → m1",
      '    ← Background received: "m1"',
      "2026-12-03T10:00:00.125Z popup/01234567 rtt=3.3ms → m2",
      '    ← Background received: "m2"'
    ])
  })

  it("marks a file with its size and a stopped stream", () => {
    const text = timelineText(
      log([
        entry(1, { text: "a.bin", bytes: 10, reply: "Stored a.bin" }),
        entry(2, { stopped: true, reply: "Part of" })
      ]),
      EXPORTED_AT
    )
    expect(bodyLines(text)).toEqual([
      "2026-12-03T10:00:00.124Z popup/01234567 file=10B → a.bin",
      "    ← Stored a.bin",
      "2026-12-03T10:00:00.125Z popup/01234567 stopped → m2",
      "    ← Part of"
    ])
  })

  it("indents every further line of a text, so no line of it can pass for an entry", () => {
    const forged = "2026-12-03T10:00:00.000Z tab/evil → forged"
    const text = timelineText(
      log([entry(1, { text: `first\r\n${forged}\nthird`, reply: "r1\nr2" })]),
      EXPORTED_AT
    )
    expect(bodyLines(text)).toEqual([
      "2026-12-03T10:00:00.124Z popup/01234567 → first",
      `      ${forged}`,
      "      third",
      "    ← r1",
      "      r2"
    ])
    const heads = bodyLines(text).filter((line) => /^\d{4}-/.test(line))
    expect(heads).toHaveLength(1)
  })

  it("keeps quotes and markup as text, and shows control characters as escapes", () => {
    const text = timelineText(
      log([
        entry(1, { text: 'say "hi" <img src=x onerror=alert(1)>\u001b[31m' })
      ]),
      EXPORTED_AT
    )
    expect(bodyLines(text)[0]).toBe(
      '2026-12-03T10:00:00.124Z popup/01234567 → say "hi" <img src=x onerror=alert(1)>\\u001b[31m'
    )
  })

  it("shows bidirectional overrides as escapes, and a clientId's line breaks too", () => {
    // The protocol refuses such a clientId at hello; the export escapes it
    // all the same, in case an entry got past (an older stored log).
    const forged = {
      ...entry(1, { text: "abc\u202edcba\u2066x\u2069" }),
      from: { clientId: "a\nb\u001b[2J", kind: "tab" as const }
    }
    const text = timelineText(log([forged]), EXPORTED_AT)
    expect(bodyLines(text)).toHaveLength(2)
    expect(bodyLines(text)[0]).toBe(
      "2026-12-03T10:00:00.124Z tab/a\\u000ab\\u001b[2J → abc\\u202edcba\\u2066x\\u2069"
    )
  })

  it("writes an empty log as its header alone", () => {
    expect(timelineText(log([]), EXPORTED_AT)).toBe(
      "# conversation-log/1 exported 2026-12-03T10:20:30.000Z: 0 entries, 0 older dropped\n"
    )
  })

  it("lists a 500-entry log in seq order, two lines an entry", () => {
    const entries = Array.from({ length: LOG_SHOWN }, (_, i) =>
      entry(LOG_SHOWN - i)
    )
    const lines = bodyLines(timelineText(log(entries), EXPORTED_AT))
    expect(lines).toHaveLength(2 * LOG_SHOWN)
    const heads = lines.filter((line) => !line.startsWith(" "))
    expect(heads.map((line) => line.split(" → ")[1])).toEqual(
      Array.from({ length: LOG_SHOWN }, (_, i) => `m${i + 1}`)
    )
  })
})
