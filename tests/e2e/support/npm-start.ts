import { spawn, type ChildProcess } from "node:child_process"
import { randomUUID } from "node:crypto"
import { readdirSync, readFileSync } from "node:fs"
import { createServer } from "node:net"

/** A free TCP port on localhost (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once("error", reject)
    server.listen({ port: 0, host: "127.0.0.1" }, () => {
      const address = server.address()
      server.close(() =>
        typeof address === "object" && address
          ? resolve(address.port)
          : reject(new Error("no port"))
      )
    })
  })
}

/**
 * `npm start` (scripts/start.ts) running in `dir`. Every process it starts
 * inherits a marker in its environment, so what is left after it exits
 * (plasmo dev, Parcel's workers, the browser and its helpers) can be found
 * even though they were reparented.
 */
export class NpmStart {
  private output = ""
  /** How npm start ended. */
  readonly exited: Promise<{
    code: number | null
    signal: NodeJS.Signals | null
  }>

  private constructor(
    private readonly child: ChildProcess,
    private readonly marker: string
  ) {
    const collect = (chunk: Buffer) => (this.output += chunk.toString("utf8"))
    child.stdout?.on("data", collect)
    child.stderr?.on("data", collect)
    this.exited = new Promise((resolve) =>
      child.once("exit", (code, signal) => resolve({ code, signal }))
    )
  }

  /** Starts `node --import tsx scripts/start.ts <args>` in `dir`, as `npm start -- <args>` does. */
  static start(dir: string, args: string[], env: NodeJS.ProcessEnv): NpmStart {
    const marker = `ptbm-start-e2e-${randomUUID()}`
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "scripts/start.ts", ...args],
      {
        cwd: dir,
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...env, PTBM_START_E2E: marker, FORCE_COLOR: "0" }
      }
    )
    return new NpmStart(child, marker)
  }

  /** Everything it printed so far. */
  log(): string {
    return this.output
  }

  /** Sends `signal` to npm start alone, as a terminal's Ctrl+C reaches it. */
  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal)
  }

  /** Processes (pid and command line) that carry this run's marker. */
  processes(): { pid: number; command: string }[] {
    const found: { pid: number; command: string }[] = []
    for (const name of readdirSync("/proc")) {
      if (!/^\d+$/.test(name)) continue
      try {
        const environ = readFileSync(`/proc/${name}/environ`, "utf8")
        if (!environ.split("\0").includes(`PTBM_START_E2E=${this.marker}`)) {
          continue
        }
        const command = readFileSync(`/proc/${name}/cmdline`, "utf8")
          .split("\0")
          .join(" ")
          .trim()
        found.push({ pid: Number(name), command })
      } catch {
        // Gone meanwhile, or not ours to read.
      }
    }
    return found
  }

  /** Kills whatever is left (after a failed test): SIGKILL to each marked process. */
  killLeftovers(): void {
    for (const { pid } of this.processes()) {
      try {
        process.kill(pid, "SIGKILL")
      } catch {
        // Gone already.
      }
    }
  }
}
