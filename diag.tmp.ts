import { resolve } from "node:path"
import { CdpPipeBrowser } from "~tools/browser/cdp-browser"
import { connectUi, sendThroughUi } from "./bench/phases/ui"
import { fillLog } from "./bench/page/log"
import { inPage } from "./bench/support/in-page"
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
async function main() {
  const browser = await CdpPipeBrowser.launch([resolve(process.argv[2] ?? "build/chrome-mv3-prod")])
  const id = "ljoioadnjpbeboikmkhnfnekfkfhifif"
  const popup = await browser.openPage(`chrome-extension://${id}/popup.html`)
  await connectUi(popup)
  const fill = Number(process.env.FILL ?? 500)
  if (fill) await inPage(popup, fillLog, { portName: "popup-connection", n: fill, idPrefix: `f${Date.now()}` })
  await new Promise((r) => setTimeout(r, 500))
  if (process.env.TRACE) {
    for (let i = 0; i < 10; i++) await sendThroughUi(browser, popup, `warm ${i}`)
    const events: any[] = []
    const off = (browser as any).on("Tracing.dataCollected", ({ value }: any) => events.push(...value))
    const done = new Promise<void>((r) => (browser as any).on("Tracing.tracingComplete", () => r()))
    await (browser as any).send("Tracing.start", { traceConfig: { includedCategories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "blink.user_timing", "v8.execute"] } , transferMode: "ReportEvents" })
    const ts: any[] = []
    for (let i = 0; i < 5; i++) ts.push(await sendThroughUi(browser, popup, `traced ${i}`))
    await (browser as any).send("Tracing.end")
    await done
    require("node:fs").writeFileSync("/tmp/trace.json", JSON.stringify(events))
    console.log("timings", JSON.stringify(ts.map((t: any) => [t.handledAt - t.clickAt, t.arrivedAt - t.handledAt, t.repliedAt - t.arrivedAt])))
    await browser.close(); return
  }
  const rtt: number[] = [], click: number[] = [], port: number[] = [], shown: number[] = []
  for (let i = 0; i < 130; i++) {
    const t = await sendThroughUi(browser, popup, `diag ${i}`)
    if (i < 10 || !t) continue
    rtt.push(t.repliedAt - t.clickAt); click.push(t.handledAt - t.clickAt); port.push(t.arrivedAt - t.handledAt); shown.push(t.repliedAt - t.arrivedAt)
  }
  console.log(`rtt ${median(rtt).toFixed(1)} click ${median(click).toFixed(1)} toPort ${median(port).toFixed(1)} shown ${median(shown).toFixed(1)} rows ${await popup.evaluate("document.querySelectorAll('#log .log-entry').length")}`)
  await browser.close()
}
main().catch((e) => { console.error(e); process.exit(1) })
