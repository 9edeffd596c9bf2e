import type { BrowserContext, CDPSession } from "playwright-core"

import { isWorkerOf, type TargetInfo } from "~tools/browser/workers"
import { EXTENSION_ID } from "~tools/project"

interface ExceptionDetails {
  text: string
  exception?: { description?: string; value?: unknown }
}

interface RemoteMessage {
  id?: number
  method?: string
  params?: {
    exceptionDetails?: ExceptionDetails
    type?: string
    args?: Array<{ value?: unknown; description?: string }>
  }
}

/**
 * Records what goes wrong in the extension's service workers: uncaught
 * exceptions and unhandled promise rejections (CDP `Runtime.exceptionThrown`),
 * and `console.error` calls. Playwright's `worker.on("console")` sees neither
 * kind of uncaught error, and `newCDPSession` takes only pages, so this
 * attaches its own DevTools session to every worker of the extension (each
 * restart is a new target) from a browser-level session. `Runtime.enable`
 * replays what V8 kept from before the attach, so a throw at start-up counts.
 */
export class WorkerErrorWatch {
  /** One line per error, in arrival order ("uncaught: …" or "console.error: …"). */
  readonly errors: string[] = []
  /** Our session id on each worker target we are attached to. */
  private readonly sessions = new Map<string, string>()
  private nextId = 1
  private readonly waiters = new Map<number, () => void>()

  private constructor(private readonly cdp: CDPSession) {}

  static async start(context: BrowserContext): Promise<WorkerErrorWatch> {
    const browser = context.browser()
    if (!browser) throw new Error("No browser behind this context")
    const watch = new WorkerErrorWatch(await browser.newBrowserCDPSession())
    await watch.listen()
    return watch
  }

  private async listen(): Promise<void> {
    const cdp = this.cdp
    cdp.on("Target.targetCreated", ({ targetInfo }) =>
      this.attach(targetInfo as TargetInfo)
    )
    cdp.on("Target.targetInfoChanged", ({ targetInfo }) =>
      this.attach(targetInfo as TargetInfo)
    )
    cdp.on("Target.targetDestroyed", ({ targetId }) =>
      this.sessions.delete(targetId)
    )
    cdp.on("Target.detachedFromTarget", ({ targetId }) => {
      if (targetId) this.sessions.delete(targetId)
    })
    cdp.on("Target.receivedMessageFromTarget", ({ message }) =>
      this.receive(JSON.parse(message) as RemoteMessage)
    )
    // Reports every existing target as created, then each new one.
    await cdp.send("Target.setDiscoverTargets", { discover: true })
    await this.settled()
  }

  private attach(target: TargetInfo): void {
    if (
      !isWorkerOf(target, EXTENSION_ID) ||
      this.sessions.has(target.targetId)
    ) {
      return
    }
    this.sessions.set(target.targetId, "")
    this.cdp
      .send("Target.attachToTarget", {
        targetId: target.targetId,
        flatten: false
      })
      .then(({ sessionId }) => {
        this.sessions.set(target.targetId, sessionId)
        return this.request(sessionId, "Runtime.enable")
      })
      .catch(() => {
        // The worker stopped before we got to it: nothing ran there to report.
        this.sessions.delete(target.targetId)
      })
  }

  private receive(message: RemoteMessage): void {
    if (message.id !== undefined) {
      this.waiters.get(message.id)?.()
      this.waiters.delete(message.id)
      return
    }
    const details = message.params?.exceptionDetails
    if (message.method === "Runtime.exceptionThrown" && details) {
      this.errors.push(
        `uncaught: ${details.text} ${details.exception?.description ?? String(details.exception?.value ?? "")}`.trim()
      )
    }
    if (
      message.method === "Runtime.consoleAPICalled" &&
      message.params?.type === "error"
    ) {
      const args = (message.params.args ?? []).map((a) =>
        a.value !== undefined ? String(a.value) : (a.description ?? "")
      )
      this.errors.push(`console.error: ${args.join(" ")}`)
    }
  }

  /** Sends a command to a worker over our session; resolves on its answer. */
  private request(sessionId: string, method: string, params = {}) {
    const id = this.nextId++
    const answered = new Promise<void>((resolve) =>
      this.waiters.set(id, resolve)
    )
    return this.cdp
      .send("Target.sendMessageToTarget", {
        sessionId,
        message: JSON.stringify({ id, method, params })
      })
      .then(() => answered)
  }

  /**
   * Resolves once every worker we are attached to has answered a round trip,
   * so whatever it reported before now has been recorded. Workers that go
   * away meanwhile are not waited for.
   */
  async settled(timeoutMs = 2000): Promise<void> {
    const rounds = [...this.sessions.values()]
      .filter(Boolean)
      .map((sessionId) =>
        this.request(sessionId, "Runtime.evaluate", { expression: "0" }).catch(
          () => {}
        )
      )
    let timer: ReturnType<typeof setTimeout> | undefined
    await Promise.race([
      Promise.all(rounds),
      new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))
    ])
    clearTimeout(timer)
  }

  /** How many worker targets we are attached to (for tests of this watch). */
  get attachedCount(): number {
    return [...this.sessions.values()].filter(Boolean).length
  }

  async stop(): Promise<void> {
    await this.cdp.detach().catch(() => {})
  }
}
