import { existsSync, readFileSync, statSync } from "node:fs"
import { extname, join } from "node:path"

import { loadProbe } from "../page/ui"
import type { BenchContext } from "../support/context"
import { callSource } from "../support/in-page"
import { summarize, type Summary } from "../support/stats"

export interface PageBytes {
  html: number
  js: number
  css: number
  files: Record<string, number>
}

/** Bytes of an extension page and the scripts and stylesheets it references. */
export function pageBytes(dir: string, page: string): PageBytes {
  const html = readFileSync(join(dir, page), "utf8")
  const bytes: PageBytes = {
    html: Buffer.byteLength(html),
    js: 0,
    css: 0,
    files: {}
  }
  bytes.files[page] = bytes.html
  const refs = html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*\shref)="([^"]+)"/g)
  for (const [, ref] of refs) {
    const file = ref.replace(/^\//, "")
    const size = statSync(join(dir, file)).size
    bytes.files[file] = size
    if (extname(file) === ".js") bytes.js += size
    else if (extname(file) === ".css") bytes.css += size
  }
  return bytes
}

export interface LoadTiming {
  /** Navigation start → #connectBtn present and enabled (page clock). */
  interactive: number
  domContentLoaded: number
  load: number
  /** Navigation start → #log holding the wanted entries, when asked for. */
  logShown?: number
}

/**
 * Opens `url` in a fresh tab with the load probe injected before any page
 * script, and reads the probe's stamps (0 = the page's navigation start).
 */
export async function timeLoad(
  ctx: BenchContext,
  url: string,
  logEntries = 0
): Promise<LoadTiming> {
  const page = await ctx.browser.openPage("about:blank")
  await page.send("Page.addScriptToEvaluateOnNewDocument", {
    source: callSource(loadProbe, logEntries)
  })
  await page.navigate(url)
  const done =
    logEntries > 0
      ? "window.__benchInteractiveAt !== undefined && window.__benchLogAt !== undefined"
      : "window.__benchInteractiveAt !== undefined"
  await page.waitFor(done, 15_000, `${url} to become interactive`)
  const timing = await page.evaluate<LoadTiming>(`(() => {
    const nav = performance.getEntriesByType("navigation")[0];
    return {
      interactive: window.__benchInteractiveAt,
      domContentLoaded: nav.domContentLoadedEventEnd,
      load: nav.loadEventEnd,
      logShown: window.__benchLogAt
    };
  })()`)
  await page.close()
  return timing
}

export interface LoadSide {
  interactive: Summary
  domContentLoaded: Summary
  load: Summary
  bytes: PageBytes
}

export interface LoadResult {
  loads: number
  baseline: LoadSide
  ours: LoadSide
  /** The side panel (once it exists), measured like the popup. */
  sidepanel: LoadSide | { skipped: string }
}

function sideOf(timings: LoadTiming[], bytes: PageBytes): LoadSide {
  return {
    interactive: summarize(timings.map((t) => t.interactive)),
    domContentLoaded: summarize(timings.map((t) => t.domContentLoaded)),
    load: summarize(timings.map((t) => t.load)),
    bytes
  }
}

/** Popup load: ≥ 20 fresh tabs per popup, alternating, after one untimed load each. */
export async function measureLoad(ctx: BenchContext): Promise<LoadResult> {
  const { loads } = ctx.settings.load
  const sidepanelUrl = `chrome-extension://${ctx.ours.id}/sidepanel.html`
  const hasSidepanel = existsSync(join(ctx.ours.dir, "sidepanel.html"))
  const urls = {
    baseline: ctx.baseline.popupUrl,
    ours: ctx.ours.popupUrl,
    sidepanel: sidepanelUrl
  }
  let sidepanel: LoadSide | { skipped: string } = {
    skipped: "No sidepanel.html in the build yet (it is being added)."
  }
  // One untimed load each first; a side panel without #connectBtn is skipped.
  await timeLoad(ctx, urls.baseline)
  await timeLoad(ctx, urls.ours)
  let withSidepanel = hasSidepanel
  if (hasSidepanel) {
    try {
      await timeLoad(ctx, urls.sidepanel)
    } catch (error) {
      withSidepanel = false
      sidepanel = { skipped: `The side panel did not load: ${error}` }
    }
  }
  const keys: Array<keyof typeof urls> = withSidepanel
    ? ["baseline", "ours", "sidepanel"]
    : ["baseline", "ours"]
  const timings: Record<keyof typeof urls, LoadTiming[]> = {
    baseline: [],
    ours: [],
    sidepanel: []
  }
  for (let i = 0; i < loads; i++) {
    if (i % 10 === 0) ctx.progress(`popup load: ${i}/${loads}`)
    const order = i % 2 === 0 ? keys : [...keys].reverse()
    for (const key of order) timings[key].push(await timeLoad(ctx, urls[key]))
  }
  if (withSidepanel) {
    sidepanel = sideOf(
      timings.sidepanel,
      pageBytes(ctx.ours.dir, "sidepanel.html")
    )
  }
  return {
    loads,
    baseline: sideOf(
      timings.baseline,
      pageBytes(ctx.baseline.dir, "popup.html")
    ),
    ours: sideOf(timings.ours, pageBytes(ctx.ours.dir, "popup.html")),
    sidepanel
  }
}
