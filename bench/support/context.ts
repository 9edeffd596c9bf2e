import type { CdpPipeBrowser } from "~tools/browser/cdp-browser"

import type { Settings } from "./settings"

/** One of the two extensions under test. */
export interface Side {
  key: "baseline" | "ours"
  label: string
  id: string
  dir: string
  popupUrl: string
}

/** What every measurement gets. */
export interface BenchContext {
  browser: CdpPipeBrowser
  root: string
  baseline: Side
  ours: Side
  settings: Settings
  /** Unique per run: ours de-duplicates message ids it has seen. */
  runId: string
  /** Progress for the person watching (stderr, so stdout stays the table). */
  progress(line: string): void
}

/** The port name both popups open (ours requires it; the baseline copies it). */
export const PORT_NAME = "popup-connection"

/** [baseline, ours] in block `i`'s order, alternating so drift hits both alike. */
export function sidesInOrder(ctx: BenchContext, i: number): Side[] {
  return i % 2 === 0 ? [ctx.baseline, ctx.ours] : [ctx.ours, ctx.baseline]
}
