// `npm run bench [-- --quick] [-- --no-build]`: measures the production build
// against the raw-port baseline in bench/baseline, side by side in one
// headless Chromium, prints a table and writes bench/results/.
import { execSync } from "node:child_process"
import { randomUUID } from "node:crypto"
import { cpus } from "node:os"
import { join, resolve } from "node:path"

import { CdpPipeBrowser } from "~tools/browser/cdp-browser"
import { assertBuilt } from "~tools/browser/chromium"
import { extensionIdOf } from "~tools/browser/extension-id"
import { PROD_BUILD } from "~tools/project"

import { measureAblation } from "./phases/ablation"
import { measureBadInput } from "./phases/bad-input"
import { analyseBundle } from "./phases/bundle"
import { measureBurst } from "./phases/burst"
import { measureFirstOpen } from "./phases/first-open"
import { measureHeap } from "./phases/heap"
import { measureInspector } from "./phases/inspector"
import { measureLoad } from "./phases/load"
import { measureLog, type LogResult } from "./phases/log"
import { measureLogLoad } from "./phases/log-load"
import { measurePackagePort } from "./phases/package-port"
import { measurePortRtt } from "./phases/port-rtt"
import { measureRecovery } from "./phases/recovery"
import { measureStreams } from "./phases/streams"
import { measureUiRtt } from "./phases/ui-rtt"
import { evaluateGoals, integrityProblems } from "./report/goals"
import { printTable } from "./report/table"
import { writeResults } from "./report/write"
import { buildProduction } from "./support/build"
import type { BenchContext, Side } from "./support/context"
import type { BenchResults } from "./support/results"
import { settingsFor } from "./support/settings"

const ROOT = resolve(__dirname, "..")
const BASELINE_DIR = join(ROOT, "bench/baseline")

/** The git commit measured, marked when the tree has uncommitted changes. */
function commit(): string {
  try {
    const sha = execSync("git rev-parse --short HEAD", { cwd: ROOT })
      .toString()
      .trim()
    const dirty = execSync(
      "git status --porcelain --untracked-files=no -- . ':!bench/results'",
      {
        cwd: ROOT
      }
    )
      .toString()
      .trim()
    return dirty ? `${sha}+dirty` : sha
  } catch {
    return "unknown"
  }
}

function side(key: Side["key"], label: string, dir: string): Side {
  const id = extensionIdOf(dir)
  return {
    key,
    label,
    id,
    dir,
    popupUrl: `chrome-extension://${id}/popup.html`
  }
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2)
  const settings = settingsFor(argv.includes("--quick"))
  const started = performance.now()
  const progress = (line: string) => {
    const at = ((performance.now() - started) / 1000).toFixed(1)
    process.stderr.write(`bench [${at} s]: ${line}\n`)
  }

  // Always build: a benchmark of a stale build measures the wrong code.
  if (argv.includes("--no-build")) assertBuilt(PROD_BUILD)
  else {
    progress("npm run build")
    buildProduction(ROOT)
  }
  const bundle = settings.bundleAnalysis
    ? (progress("bundle analysis (a second build, with source maps)"),
      analyseBundle(ROOT))
    : { skipped: "Not in --quick runs." }

  const base = {
    root: ROOT,
    baseline: side("baseline", "raw-port baseline", BASELINE_DIR),
    ours: side("ours", "ours (Plasmo + React)", PROD_BUILD),
    settings,
    runId: randomUUID().slice(0, 8),
    progress
  }
  // Its own browsers, one per sample, before the shared one runs beside them.
  const firstOpen = await measureFirstOpen(base)
  // Streams in a browser of their own too: 100 MB uploads, worker stops.
  const streams = await measureStreams(base)
  // The package against a raw port, in the bench extension's own browser.
  const packagePort = await measurePackagePort(base)

  // One browser with both extensions, so they are measured side by side.
  const browser = await CdpPipeBrowser.launch([PROD_BUILD, BASELINE_DIR])
  const ctx: BenchContext = { ...base, browser }
  let results: BenchResults
  try {
    const version = await browser.version()
    // Port-level phases first, with no UI connected: a connected view would
    // receive a relay of every message and slow ours down.
    const portRtt = await measurePortRtt(ctx)
    const burst = await measureBurst(ctx)
    const inspector = await measureInspector(ctx)
    const heap = await measureHeap(ctx)
    const ablation = await measureAblation(ctx)
    const uiRtt = await measureUiRtt(ctx)
    const load = await measureLoad(ctx)
    let log: LogResult
    try {
      log = await measureLog(ctx)
    } catch (error) {
      log = { skipped: `The log benchmark failed: ${error}` }
    }
    // After the log phase, which leaves a log behind; this one leaves it empty.
    const logLoad = await measureLogLoad(ctx)
    const recovery = await measureRecovery(ctx)
    const badInput = await measureBadInput(ctx)
    progress("done measuring")
    results = {
      meta: {
        date: new Date().toISOString(),
        mode: settings.mode,
        commit: commit(),
        browser: version,
        node: process.version,
        cpus: `${cpus().length} × ${cpus()[0]?.model ?? "?"}`,
        durationSec: Math.round((performance.now() - started) / 1000),
        baselineId: ctx.baseline.id,
        oursId: ctx.ours.id,
        drivers: {
          default:
            "cdp-pipe: raw CDP over --remote-debugging-pipe, attached to pages only (no DevTools on either worker, so both can idle-stop and run at full speed)",
          heap: "cdp-pipe plus Target.attachToTarget on each worker for one extra, untimed burst (to sample its heap), detached after it",
          bundle: "node: a second plasmo build with source maps, no browser",
          streams:
            "cdp-pipe in a browser of its own (our build and a structured-clone probe extension); DevTools attached to our worker only for the untimed heap upload",
          packagePort:
            "cdp-pipe in a browser of its own with the bench extension of bench/package-ext (mv3-port and a raw port to one worker), pages only"
        }
      },
      portRtt,
      uiRtt,
      burst,
      ablation,
      heap,
      load,
      recovery,
      log,
      logLoad,
      firstOpen,
      streams,
      packagePort,
      inspector,
      badInput,
      bundle
    }
  } finally {
    await browser.close()
  }

  const goals = evaluateGoals(results)
  printTable(results, goals)
  const written = writeResults(ROOT, results, goals)
  progress(`wrote ${written.join(", ")}`)
  const problems = integrityProblems(results)
  for (const problem of problems) progress(`FAIL: ${problem}`)
  return problems.length > 0 ? 1 : 0
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error)
    process.exit(2)
  }
)
