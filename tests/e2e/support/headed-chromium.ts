import { spawn } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

import { CdpConnection } from "~tools/browser/cdp-connection"
import { CdpPage } from "~tools/browser/cdp-page"
import {
  assertBuilt,
  chromiumArgs,
  chromiumPath
} from "~tools/browser/chromium"
import type { TargetInfo } from "~tools/browser/workers"
import { pollUntil } from "~tools/poll"

/**
 * Headed Chromium on an X display, driven over the CDP pipe. The popup a
 * shortcut opens is not a tab, so no driver's page list has it: every page
 * here is found among CDP's targets and attached to by id.
 */
export class HeadedChromium extends CdpConnection {
  private profile = ""

  /** Starts Chromium on `display` with `extensionDir` loaded, showing `url`. */
  static async launch(
    display: string,
    extensionDir: string,
    url: string
  ): Promise<HeadedChromium> {
    assertBuilt(extensionDir)
    const profile = mkdtempSync(join(tmpdir(), "ptbm-headed-"))
    const child = spawn(
      chromiumPath(),
      [
        "--remote-debugging-pipe",
        `--user-data-dir=${profile}`,
        "--window-size=1200,850",
        ...chromiumArgs([extensionDir]),
        url
      ],
      {
        stdio: ["ignore", "ignore", "ignore", "pipe", "pipe"],
        env: { ...process.env, DISPLAY: display }
      }
    )
    const browser = new HeadedChromium(child)
    browser.profile = profile
    await browser.send("Target.setDiscoverTargets", { discover: true })
    return browser
  }

  async targets(): Promise<TargetInfo[]> {
    const { targetInfos } = await this.send<{ targetInfos: TargetInfo[] }>(
      "Target.getTargets"
    )
    return targetInfos
  }

  /** Waits for a page target whose URL `matches`, and attaches to it. */
  async attachPage(
    matches: (url: string) => boolean,
    timeoutMs = 10_000
  ): Promise<CdpPage> {
    let found: TargetInfo | undefined
    await pollUntil(
      async () => {
        found = (await this.targets()).find(
          (target) => target.type === "page" && matches(target.url)
        )
        return found !== undefined
      },
      timeoutMs,
      () => new Error("No such page target appeared"),
      50
    )
    const { sessionId } = await this.send<{ sessionId: string }>(
      "Target.attachToTarget",
      { targetId: found!.targetId, flatten: true }
    )
    const page = new CdpPage(this, found!.targetId, sessionId)
    await page.send("Runtime.enable")
    await page.send("Page.enable")
    return page
  }

  /** Opens `url` in a tab behind the current one (the current tab stays active). */
  async openBackgroundTab(url: string): Promise<CdpPage> {
    await this.send("Target.createTarget", { url, background: true })
    return this.attachPage((target) => target === url)
  }

  async close(): Promise<void> {
    await this.closeBrowser()
    rmSync(this.profile, { recursive: true, force: true })
  }
}
