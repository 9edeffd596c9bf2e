import { spawn, spawnSync, type ChildProcess } from "node:child_process"
import type { Readable } from "node:stream"

/**
 * A virtual X display of the test's own, so a headed browser (which the
 * real `_execute_action` shortcut needs) runs with or without `xvfb-run`.
 * `-displayfd` lets Xvfb pick a free display and tell us which.
 */
export class Xvfb {
  private constructor(
    private readonly child: ChildProcess,
    /** The display, e.g. ":99", for `DISPLAY`. */
    readonly display: string
  ) {}

  static async start(): Promise<Xvfb> {
    for (const tool of ["Xvfb", "xdotool"]) {
      if (spawnSync("which", [tool]).status !== 0) {
        throw new Error(`${tool} not found: apt-get install -y xvfb xdotool`)
      }
    }
    const child = spawn(
      "Xvfb",
      ["-displayfd", "3", "-screen", "0", "1280x900x24", "-nolisten", "tcp"],
      { stdio: ["ignore", "ignore", "ignore", "pipe"] }
    )
    const display = await new Promise<string>((resolve, reject) => {
      let text = ""
      const out = child.stdio[3] as Readable
      out.setEncoding("utf8")
      out.on("data", (chunk: string) => {
        text += chunk
        if (text.includes("\n")) resolve(`:${text.trim()}`)
      })
      child.once("exit", (code) => reject(new Error(`Xvfb exited (${code})`)))
    })
    ;(child.stdio[3] as Readable).destroy()
    return new Xvfb(child, display)
  }

  /** Runs xdotool on this display; its output, or an error with its stderr. */
  xdotool(...args: string[]): string {
    const result = spawnSync("xdotool", args, {
      encoding: "utf8",
      env: { ...process.env, DISPLAY: this.display }
    })
    if (result.status !== 0) {
      throw new Error(`xdotool ${args.join(" ")}: ${result.stderr.trim()}`)
    }
    return result.stdout.trim()
  }

  /**
   * Gives keyboard focus to the browser window titled `title`. Xvfb has no
   * window manager, so `windowactivate` (_NET_ACTIVE_WINDOW) cannot work;
   * `windowfocus --sync` can.
   */
  focusWindow(title: string): void {
    const [window] = this.xdotool(
      "search",
      "--onlyvisible",
      "--name",
      title
    ).split("\n")
    this.xdotool("windowfocus", "--sync", window)
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return
    const exited = new Promise((resolve) => this.child.once("exit", resolve))
    this.child.kill("SIGTERM")
    await exited
  }
}
