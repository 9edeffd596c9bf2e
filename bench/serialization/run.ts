// `npm run bench:serialization`: Chrome's JSON messaging against structured
// clone ("message_serialization": "structured_clone", Chrome 148+), for
// text messages, chunks and an upload, in the same headless Chromium.
// Writes bench/results/serialization.md.
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"

import { CdpPipeBrowser } from "~tools/browser/cdp-browser"
import { extensionIdOf } from "~tools/browser/extension-id"

import { inPage } from "../support/in-page"
import { summarize, type Summary } from "../support/stats"
import { writeEchoExtension, type Serialization } from "./extension"
import { echoedBufferType, roundTrips, upload } from "./page"

const CHUNK = 256 * 1024
const UPLOAD = 32 * 1024 * 1024
const ROUNDS = 3

type Row = { label: string; json: Summary | number; clone: Summary | number }

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), "ptbm-serialization-"))
  const dirs: Record<Serialization, string> = {
    json: join(root, "json"),
    structured_clone: join(root, "clone")
  }
  for (const [kind, dir] of Object.entries(dirs)) {
    writeEchoExtension(dir, kind as Serialization)
  }
  const browser = await CdpPipeBrowser.launch(Object.values(dirs))
  try {
    const version = await browser.version()
    const pages = {
      json: await browser.openPage(
        `chrome-extension://${extensionIdOf(dirs.json)}/page.html`
      ),
      structured_clone: await browser.openPage(
        `chrome-extension://${extensionIdOf(dirs.structured_clone)}/page.html`
      )
    }
    const buffers = {
      json: await inPage(pages.json, echoedBufferType, null),
      clone: await inPage(pages.structured_clone, echoedBufferType, null)
    }
    const samples = {
      text: { json: [] as number[], clone: [] as number[] },
      chunk: { json: [] as number[], clone: [] as number[] },
      upload: { json: [] as number[], clone: [] as number[] }
    }
    for (let round = 0; round < ROUNDS; round++) {
      console.log(`serialization: round ${round + 1}/${ROUNDS}`)
      for (const side of round % 2 ? ["clone", "json"] : ["json", "clone"]) {
        const isClone = side === "clone"
        const page = isClone ? pages.structured_clone : pages.json
        const key = side as "json" | "clone"
        samples.text[key].push(
          ...(await inPage(page, roundTrips, {
            kind: "text",
            chunkBytes: 0,
            count: 300
          }))
        )
        samples.chunk[key].push(
          ...(await inPage(page, roundTrips, {
            kind: isClone ? "chunk-bytes" : "chunk-base64",
            chunkBytes: CHUNK,
            count: 40
          }))
        )
        samples.upload[key].push(
          await inPage(page, upload, {
            bytes: UPLOAD,
            chunkBytes: CHUNK,
            window: 8,
            as: isClone ? "bytes" : "base64"
          })
        )
      }
    }
    const median = (xs: number[]) => summarize(xs).p50
    const rows: Row[] = [
      {
        label: "Text message round trip (ms)",
        json: summarize(samples.text.json),
        clone: summarize(samples.text.clone)
      },
      {
        label: `${CHUNK / 1024} KiB chunk round trip (ms): base64 text under JSON, ArrayBuffer under structured clone`,
        json: summarize(samples.chunk.json),
        clone: summarize(samples.chunk.clone)
      },
      {
        label: `Upload of ${UPLOAD / 1024 / 1024} MiB in ${CHUNK / 1024} KiB chunks, window 8 (MB/s, median of ${ROUNDS})`,
        json: median(samples.upload.json),
        clone: median(samples.upload.clone)
      }
    ]
    const cell = (v: Summary | number) =>
      typeof v === "number"
        ? v.toFixed(1)
        : `${v.p50.toFixed(2)} p50 / ${v.p95.toFixed(2)} p95`
    const lines = [
      "# JSON against structured clone for extension messaging",
      "",
      `\`npm run bench:serialization\` on ${new Date().toISOString().slice(0, 10)}: ${version}, headless, two minimal extensions in the same browser (an echoing worker and a page; one with \`"message_serialization": "structured_clone"\` in its manifest), measured in alternating rounds.`,
      "",
      `An ArrayBuffer posted to the worker comes back as: \`${buffers.json}\` under JSON, \`${buffers.clone}\` under structured clone.`,
      "",
      "| | JSON (default) | structured clone |",
      "| --- | ---: | ---: |",
      ...rows.map((r) => `| ${r.label} | ${cell(r.json)} | ${cell(r.clone)} |`),
      ""
    ]
    const out = resolve(__dirname, "../results/serialization.md")
    writeFileSync(out, lines.join("\n"))
    console.log(lines.join("\n"))
  } finally {
    await browser.close()
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(2)
})
