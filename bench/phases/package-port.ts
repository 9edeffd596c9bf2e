import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

import { CdpPipeBrowser } from "~tools/browser/cdp-browser"
import type { CdpPage } from "~tools/browser/cdp-page"
import { extensionIdOf } from "~tools/browser/extension-id"

import type { BurstCount } from "../package-ext/burst"
import type { PackageBench } from "../package-ext/page"
import { burstSide, type BurstSideOf } from "../support/burst-side"
import type { BenchContext } from "../support/context"
import { inBlockOrder } from "../support/order"
import { buildPackageExtension } from "../support/package-ext"
import { summarize, type Summary } from "../support/stats"

const COUNTS = [
  "lost",
  "outOfOrder",
  "repliesOutOfOrder",
  "duplicates",
  "errors"
] as const

/** One side's bursts. */
export type PackageBurstSide = BurstSideOf<BurstCount, (typeof COUNTS)[number]>

export interface PackagePortResult {
  /** True when the page's clock had 5 µs steps (cross-origin isolated), not 100 µs. */
  isolated: boolean
  /** Sequential round trips (ms). */
  rtt: { raw: Summary; package: Summary }
  burst: { messages: number; raw: PackageBurstSide; package: PackageBurstSide }
}

type Side = "raw" | "package"
const SIDES: readonly Side[] = ["raw", "package"]

/** Calls the page's `__packageBench[name](arg)` (see bench/package-ext/page.ts). */
function call<K extends keyof PackageBench>(
  page: CdpPage,
  name: K,
  arg?: Parameters<PackageBench[K]>[0]
): Promise<Awaited<ReturnType<PackageBench[K]>>> {
  const args = arg === undefined ? "" : JSON.stringify(arg)
  return page.evaluate(`globalThis.__packageBench.${name}(${args})`)
}

/** Untimed round trips on a fresh connection at the start of each block. */
const BLOCK_WARMUP = 10

/**
 * The package itself against a raw port, in a browser of its own with the
 * bench extension of bench/package-ext: one page, one worker, the same
 * payload and the same handler on both sides. After an untimed warm-up of
 * each side (so the JIT has compiled both before anything is timed), round
 * trips in many short blocks and bursts in runs, the side that goes first
 * alternating, so that load from elsewhere on the machine hits both alike.
 */
export async function measurePackagePort(
  base: Omit<BenchContext, "browser">
): Promise<PackagePortResult> {
  const { blocks, perBlock, warmup, burstRuns, burstMessages } =
    base.settings.packagePort
  const dir = mkdtempSync(join(tmpdir(), "bench-package-"))
  base.progress("mv3-port: building the bench extension")
  buildPackageExtension(base.root, dir)
  const browser = await CdpPipeBrowser.launch([dir])
  try {
    const page = await browser.openPage(
      `chrome-extension://${extensionIdOf(dir)}/page.html`
    )
    const isolated = await call(page, "isolated")
    base.progress("mv3-port: warming up both sides")
    for (const side of SIDES) {
      const run = `warmup-${side}`
      await call(page, `${side}RoundTrips` as const, { run, n: 0, warmup })
      const n = Math.min(burstMessages, 1000)
      await call(page, `${side}Burst` as const, { run, n, quietMs: 5000 })
    }
    const rtt: Record<Side, number[]> = { raw: [], package: [] }
    base.progress(`mv3-port: round trips, ${blocks} blocks of ${perBlock}`)
    for (let block = 0; block < blocks; block++) {
      for (const side of inBlockOrder(SIDES, block)) {
        const run = `rtt-${side}-${block}`
        const args = { run, n: perBlock, warmup: BLOCK_WARMUP }
        rtt[side].push(
          ...(await call(page, `${side}RoundTrips` as const, args))
        )
      }
    }
    const bursts: Record<Side, BurstCount[]> = { raw: [], package: [] }
    for (let run = 0; run < burstRuns; run++) {
      base.progress(
        `mv3-port: burst of ${burstMessages}, ${run + 1}/${burstRuns}`
      )
      for (const side of inBlockOrder(SIDES, run)) {
        const args = {
          run: `burst-${side}-${run}`,
          n: burstMessages,
          quietMs: 5000
        }
        bursts[side].push(await call(page, `${side}Burst` as const, args))
      }
    }
    await page.close()
    return {
      isolated,
      rtt: { raw: summarize(rtt.raw), package: summarize(rtt.package) },
      burst: {
        messages: burstMessages,
        raw: burstSide(bursts.raw, COUNTS),
        package: burstSide(bursts.package, COUNTS)
      }
    }
  } finally {
    await browser.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
