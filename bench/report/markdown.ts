import type { BenchResults } from "../support/results"
import { ratio } from "../support/stats"
import { kb, mb, ms, times } from "./format"
import type { Goal } from "./goals"
import { figureRows } from "./rows"
import { inspectorRows } from "./rows-inspector"
import { packageRows } from "./rows-package"
import { streamRows } from "./rows-streams"
import { verdict } from "./table"

/** A Markdown table; columns listed in `left` are left-aligned, the rest right. */
function table(header: string[], rows: string[][], left = [0]): string[] {
  return [
    `| ${header.join(" | ")} |`,
    `| ${header.map((_, i) => (left.includes(i) ? "---" : "---:")).join(" | ")} |`,
    ...rows.map((row) => `| ${row.join(" | ")} |`)
  ]
}

function ablationSection(r: BenchResults): string[] {
  if ("skipped" in r.ablation) return [`Skipped: ${r.ablation.skipped}`]
  const raw = r.ablation.variants[0]
  return [
    "The baseline's worker, answering ports named `ablation:*`, pays one of our background's per-message costs at a time (the same storage keys and log line as ours), measured like the rows above in the baseline's popup page. This isolates what those two costs are on this machine; the rest of the gap is our code (mv3-port's server and the conversation's handlers).",
    "",
    ...table(
      [
        "baseline worker",
        "round trip p50 (ms)",
        "p95 (ms)",
        "vs raw p50",
        "burst msgs/s",
        "vs raw"
      ],
      r.ablation.variants.map((v) => [
        v.name,
        ms(v.rtt.p50),
        ms(v.rtt.p95),
        `+${ms(v.rtt.p50 - raw.rtt.p50)} ms`,
        Math.round(v.burstMsgsPerSec).toLocaleString("en-US"),
        times(ratio(v.burstMsgsPerSec, raw.burstMsgsPerSec))
      ])
    )
  ]
}

function bundleSection(r: BenchResults): string[] {
  if ("skipped" in r.bundle)
    return [`Bundle analysis: skipped (${r.bundle.skipped}).`]
  const total = r.bundle.totalBytes
  return [
    `Popup bundle \`${r.bundle.file}\`: ${total.toLocaleString("en-US")} bytes, attributed to modules with the source map of a second build (\`plasmo build --source-maps --tag=bench-analysis\`, identical code).`,
    "",
    ...table(
      ["part", "bytes", "share", "largest sources"],
      r.bundle.groups.map((g) => [
        g.name,
        g.bytes.toLocaleString("en-US"),
        `${((g.bytes / total) * 100).toFixed(1)}%`,
        Object.entries(g.sources)
          .sort((a, b) => b[1] - a[1])
          .slice(0, 3)
          .map(([source, bytes]) => `${source} ${kb(bytes)}`)
          .join(", ")
      ]),
      [0, 3]
    )
  ]
}

const DEFINITIONS = [
  "- **Port round trip**: sequential `send` → `reply` on a fresh `popup-connection` port opened from each extension's own popup page, timed with the page's `performance.now()` (0.1 ms resolution in extension pages) after an untimed warm-up, in alternating blocks. *Baseline*: bench/baseline's worker, a plain `chrome.runtime.onConnect` handler. *Ours raw port*: our background end to end (mv3-port's server ahead of Plasmo's router: admission, wire reader, answer store, protocol check, handler, `chrome.storage.session.set` of the entry, `res`) with the same mv3-port messages the view sends (`{k:\"req\", name:\"send\"}`). *Ours via controller*: the same plus the popup side: the views' client, mv3-port's `createStreamClient` of `protocol/conversation.ts` (bundled by esbuild from `bench/page/controller-entry.ts` and injected into our popup page, because the production bundle does not export it), from `request(\"send\")` to its checked Reply; the app's model over it and rendering are not included. This is the figure the goal is judged on.",
  "- **UI round trip**: in each real popup, connected, with real key and mouse input over CDP: from the click on #sendBtn (a capture-phase listener, before the page's handlers) to a MutationObserver seeing the reply text in #response, in the page's clock. The DOM is updated; painting is not included. Two parts are also stamped: the click handled (a bubble-phase listener on window for the click and the form's submit, which runs after the page's own listeners and the renders they trigger) and the reply's arrival at the page's port (a listener the probe adds first to every port the page opens).",
  "- **Burst**: 10,000 `send`s posted back to back on a fresh raw port from each popup page; msgs/s is replies received over first post → last reply; every reply is checked against the ids sent (lost, duplicated, out of order). Ours goes through the same background path as above; our view's conversation client would refuse a backlog that deep by design (it holds at most PLASMO_PUBLIC_MAX_QUEUED_MESSAGES), so the burst skips it.",
  "- **Popup interactive**: a fresh tab per load with a probe injected before any page script (`Page.addScriptToEvaluateOnNewDocument`); a MutationObserver stamps the first moment #connectBtn exists and is enabled, in the page's clock where 0 is navigation start. The baseline's button is disabled in its HTML and enabled by its script once wired; ours is rendered by React after DOMContentLoaded. One untimed load each first; loads alternate. The popup is opened as a tab (headless Chromium has no toolbar popup). Bytes are the files popup.html references, read from disk.",
  "- **Recovery**: our popup connected, the worker stopped by `ServiceWorker.stopAllWorkers`, then a message (typed beforehand) sent at once by pressing Enter in the field (the form's implicit submission clicks Send; a mouse click can miss because the status line grows when the port drops); timed from the click to the reply shown (the goal's figure), and from just before the stop command to the reply shown (which also covers the stop itself, and the reconnect that starts before the click). The popup reconnects immediately on a drop (its first retry has no delay). The cold-port row is a reference: connect + hello + one message from a page to a stopped worker, for each extension, through a bare port.",
  "- **Heap**: used JS heap (`Runtime.getHeapUsage`) of the popup page and of the worker, sampled every 25 ms during one extra, untimed 10,000-message burst per side (peak), and read once more right after it. Reading the worker's heap needs DevTools attached to the worker, which slows it: that is why this burst is separate from the timed ones. A single reading depends on when V8 last collected garbage; compare peaks rather than the after-burst figure.",
  "- **Log**: with 500 entries in the shared log, navigation start → #log showing them all in a fresh popup (the probe clicks Connect if the log needs it), and Send click → the new entry shown in #log. Skipped until the popup has a #log.",
  "- **First open in a fresh profile**: per sample a new headless Chromium with a new profile (no code cache, no HTTP cache) and both extensions, launched before the shared browser; each popup opened once, timed like the popup load, which one opens first alternating between samples (1 sample in --quick runs, 3 in full ones, so read it as a rough figure).",
  "- **Popup on a full log vs an empty one**: our popup's interactive time (as above) with 500 entries stored in `chrome.storage.session` in the background's format (tools/seeded-log.ts, the log the e2e tests seed), against the same with the stored log cleared; alternating blocks, one untimed load per block. It counts what delays the controls; a log drawn after them is in the Log row.",
  "- **Streams** (issue 13; the last rows, whose baseline column holds each one's reference from the same run): a headless Chromium of their own with our build and a minimal structured-clone probe extension (bench/support/raw-upload-probe.ts). *Upload*: a file of random bytes chosen in our popup's #fileInput with `DOM.setFileInputFiles`, Send file clicked, timed to #response reading `Reply: Background received: \"<name>\" (<size> bytes, SHA-256 <hex>)`, in MB/s (1 MB = 10⁶ bytes). *Raw*: the same bytes in 256 KiB ArrayBuffers posted back to back on a bare port from the probe's page to its worker, which counts them and answers once it has them all (the best of the runs). *Heap*: DevTools attached to our worker for one more, untimed upload; garbage collected, then the idle heap, then `Runtime.getHeapUsage` every 25 ms during the upload (peak). *Another view*: sidepanel.html opened as a tab during another upload, on a raw `popup-connection` port (hello as a side panel, then `ping` → `pong` back to back). *Resume*: `ServiceWorker.stopAllWorkers` at points of one more upload; from just before the stop to the first grant on the popup's new port that holds more chunks than that port's first grant (#fileProgress shows the last grant), stamped as each grant reaches the page. *Streamed reply*: with #streamReply checked, a real click on Send → the first #response text starting with `Reply: Background received: `, against the same for a whole reply (box unchecked), alternating, one untimed pair first; also click → the first `Reply: ` text at all (the first chunk).",
  "- **mv3-port / raw port** (issue 23; the package itself, not the app): a headless Chromium of its own with the bench extension of bench/package-ext, built by esbuild from the package's public entries (`mv3-port`, `mv3-port/server`, resolved to packages/mv3-port/src as the app's tsconfig resolves them). One page, one worker; the worker serves the package's `createPortServer` (memory store, the README's defaults) on one port name and a bare `onConnect` handler on another, and both call the same `echo` handler with the same payload (`{ run, i, text }`, answered with the order the handler ran in). *Round trip*: sequential `await client.request(\"echo\", …)` against postMessage → reply on a raw port with a number per message, timed with the page's `performance.now()` (5 µs steps when the page is cross-origin isolated, which its manifest asks for), after an untimed warm-up, in blocks whose first side alternates. *Burst*: n requests issued at once and awaited with `Promise.all` (the client made with `maxQueued: n`; its default of 100 would refuse the rest) against n posts on a raw port; msgs/s is answers over first issue → last answer. *Lost*: indices never answered; *duplicated*: handler runs beyond the first for an index (counted in the worker) plus answers seen twice; *out of order*: answers whose handler ran before that of a message issued earlier (the worker's handling order against the issue order); *replies out of handled order* is the order answers reached the page against the order the handler ran, reported only.",
  "- **Drivers**: every figure comes from the cdp-pipe driver (tools/browser/cdp-browser.ts: raw CDP over `--remote-debugging-pipe`, attached to pages only), never from Playwright, which attaches DevTools to the worker, keeps it alive and slows a burst about 1.5×. The only exception is the heap burst described above, which is not timed. Both extensions run in the same headless Chromium (`--load-extension=ours,baseline`) and alternate in every phase."
]

/** The Markdown summary that the README links. */
export function markdown(r: BenchResults, goals: Goal[]): string {
  const rows = [
    ...figureRows(r),
    ...streamRows(r),
    ...inspectorRows(r),
    ...packageRows(r)
  ]
  const missed = goals.filter((goal) => goal.met === false)
  const lines = [
    "# Benchmark: ours vs a raw `chrome.runtime` port",
    "",
    `${r.meta.mode === "full" ? "Full" : "Quick"} run of \`npm run bench${r.meta.mode === "quick" ? " -- --quick" : ""}\` on ${r.meta.date.slice(0, 10)}: ${r.meta.browser}, headless, ${r.meta.cpus}, Node ${r.meta.node}, commit ${r.meta.commit}, ${r.meta.durationSec} s. Raw data: [${r.meta.mode === "full" ? "latest" : "quick"}.json](${r.meta.mode === "full" ? "latest" : "quick"}.json). The machine has 2 noisy cores: expect a few tenths of a ratio of run-to-run spread on timings.`,
    "",
    "## Goals",
    "",
    ...table(
      ["goal", "target", "measured", "verdict"],
      goals.map((g) => [g.label, g.target, g.measured, verdict(g)]),
      [0, 1, 2, 3]
    ),
    "",
    "What the one-timeline work closed and what it left open, with the traces behind it: [timeline.md](timeline.md).",
    "",
    "## Figures",
    "",
    ...table(
      ["", "baseline", "ours", "ours / baseline"],
      rows.map((row) => [row.metric, row.baseline, row.ours, row.ratio])
    ),
    ""
  ]
  if (missed.length > 0) {
    lines.push("## Missed goals: by how much, and what would close them", "")
    for (const goal of missed) {
      lines.push(
        `- **${goal.label}** (${goal.target}): ${goal.miss}. ${goal.close ?? ""}`
      )
    }
    lines.push("")
  }
  lines.push(
    "## What our background's per-message costs do to the baseline",
    "",
    ...ablationSection(r),
    ""
  )
  lines.push("## Where the popup's bytes go", "", ...bundleSection(r), "")
  lines.push("## What each figure includes", "", ...DEFINITIONS, "")
  const skipped: string[] = []
  if ("skipped" in r.log) skipped.push(`- Log: ${r.log.skipped}`)
  if ("skipped" in r.load.sidepanel) {
    skipped.push(`- Side panel: ${r.load.sidepanel.skipped}`)
  }
  if (r.uiRtt.missing.ours || r.uiRtt.missing.baseline) {
    skipped.push(
      `- UI sends without a reply: ours ${r.uiRtt.missing.ours}, baseline ${r.uiRtt.missing.baseline}.`
    )
  }
  const drops = r.recovery.trials.filter((t) => !t.workerRestarted).length
  if (drops > 0) {
    skipped.push(
      `- Recovery: in ${drops} of ${r.recovery.trials.length} trials no new worker was seen starting.`
    )
  }
  if ("skipped" in r.streams) skipped.push(`- Streams: ${r.streams.skipped}`)
  else if (r.streams.repliesMissing > 0) {
    skipped.push(
      `- Streamed/whole replies that never showed in full: ${r.streams.repliesMissing}.`
    )
  }
  if (skipped.length > 0)
    lines.push("## Not measured in this run", "", ...skipped, "")
  lines.push(
    "## Heap",
    "",
    `Before the heap burst: popup baseline ${mb(r.heap.baseline.popupBeforeBytes)}, ours ${mb(r.heap.ours.popupBeforeBytes)}; worker baseline ${mb(r.heap.baseline.workerBeforeBytes)}, ours ${mb(r.heap.ours.workerBeforeBytes)}.`,
    ""
  )
  return lines.join("\n")
}
