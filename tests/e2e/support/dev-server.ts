import { spawn, type ChildProcess } from "node:child_process"
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync
} from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join, relative, sep } from "node:path"

import { PROJECT_ROOT } from "~tools/project"

/** Not copied: installed or generated, or not source (docs, benchmark results). */
const SKIPPED = [
  "node_modules",
  "build",
  ".plasmo",
  ".git",
  "bench/results",
  "docs"
]

/**
 * Copies the project's source to a new temporary directory (node_modules is
 * symlinked), so `plasmo dev` can run and files can be edited without
 * touching the real checkout. Returns the copy's path.
 */
export function copyProject(source = PROJECT_ROOT): string {
  const dir = mkdtempSync(join(tmpdir(), "ptbm-dev-"))
  cpSync(source, dir, {
    recursive: true,
    filter: (path) => {
      const rel = relative(source, path).split(sep).join("/")
      return !SKIPPED.some((skip) => rel === skip || rel.startsWith(`${skip}/`))
    }
  })
  symlinkSync(
    join(PROJECT_ROOT, "node_modules"),
    join(dir, "node_modules"),
    "dir"
  )
  return dir
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer()
    server.once("error", () => done(false))
    server.listen({ port, host: "localhost" }, () =>
      server.close(() => done(true))
    )
  })
}

/**
 * Ports for `plasmo dev`: the serve port, and the HMR port whose next port
 * (HMR + 1) Plasmo also takes, unchecked, for its "build ready" socket. The
 * defaults (1012, 1815/1816) would collide between two runs, so pick random
 * free ones.
 */
export async function freeDevPorts(): Promise<{ serve: number; hmr: number }> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const serve = 20_000 + Math.floor(Math.random() * 20_000)
    const hmr = serve + 2
    const free = await Promise.all([serve, hmr, hmr + 1].map(portIsFree))
    if (free.every(Boolean)) return { serve, hmr }
  }
  throw new Error("Found no free ports for plasmo dev")
}

/** Escape codes and spinner noise out, so output can be matched and shown. */
function plain(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "")
}

/** A running `plasmo dev` in its own process group. */
export class DevServer {
  private output = ""
  private readonly exited: Promise<void>

  private constructor(
    private readonly child: ChildProcess,
    readonly dir: string,
    readonly ports: { serve: number; hmr: number }
  ) {
    const collect = (chunk: Buffer) =>
      (this.output += plain(chunk.toString("utf8")))
    child.stdout?.on("data", collect)
    child.stderr?.on("data", collect)
    this.exited = new Promise((done) => child.once("exit", () => done()))
  }

  /** Starts `node_modules/.bin/plasmo dev` in `dir` on free ports. */
  static async start(dir: string): Promise<DevServer> {
    const ports = await freeDevPorts()
    const child = spawn(
      join(dir, "node_modules", ".bin", "plasmo"),
      ["dev", `--serve-port=${ports.serve}`, `--hmr-port=${ports.hmr}`],
      {
        cwd: dir,
        detached: true, // its own process group: stop() kills Parcel's workers too
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" }
      }
    )
    return new DevServer(child, dir, ports)
  }

  get buildDir(): string {
    return join(this.dir, "build", "chrome-mv3-dev")
  }

  /** Everything plasmo dev printed so far (without escape codes). */
  log(): string {
    return this.output
  }

  /** The last lines of its output, for error messages. */
  tail(lines = 15): string {
    return this.output
      .split(/\r?\n/)
      .map((l) => l.replace(/^.*🔄 Building[. ]*/u, "").trim())
      .filter(Boolean)
      .slice(-lines)
      .join("\n")
  }

  /** How many builds finished ("Extension re-packaged in … ms"). */
  builds(): number {
    return (this.output.match(/re-packaged in/g) ?? []).length
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null
  }

  /** Polls until `ready()` is true; fails early if plasmo dev exits. */
  async waitFor(
    ready: () => boolean,
    timeoutMs: number,
    what: string
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs
    while (!ready()) {
      if (!this.running) {
        throw new Error(
          `plasmo dev exited while waiting for ${what}. Its output:\n${this.tail()}`
        )
      }
      if (Date.now() > deadline) {
        throw new Error(
          `Timed out after ${timeoutMs / 1000} s waiting for ${what}. plasmo dev's output:\n${this.tail()}`
        )
      }
      await new Promise((r) => setTimeout(r, 100))
    }
  }

  /** Waits for the first build: manifest.json written and "re-packaged" printed. */
  async waitUntilReady(timeoutMs: number): Promise<void> {
    await this.waitFor(
      () =>
        this.builds() > 0 && existsSync(join(this.buildDir, "manifest.json")),
      timeoutMs,
      "the first dev build (build/chrome-mv3-dev/manifest.json)"
    )
  }

  /** Whether any built .js file of the dev build contains `text`. */
  buildContains(text: string): boolean {
    if (!existsSync(this.buildDir)) return false
    return readdirSync(this.buildDir)
      .filter((name) => name.endsWith(".js"))
      .some((name) =>
        readFileSync(join(this.buildDir, name), "utf8").includes(text)
      )
  }

  /** Stops plasmo dev and its whole process group (SIGTERM, then SIGKILL). */
  async stop(): Promise<void> {
    const pid = this.child.pid
    const signal = (name: NodeJS.Signals) => {
      try {
        if (pid) process.kill(-pid, name)
      } catch {
        // The group is gone already.
      }
    }
    if (this.running) {
      signal("SIGTERM")
      let timer: ReturnType<typeof setTimeout> | undefined
      await Promise.race([
        this.exited,
        new Promise((r) => (timer = setTimeout(r, 5000)))
      ])
      clearTimeout(timer)
    }
    // Whatever is left of the group (workers, a leader that ignored SIGTERM).
    signal("SIGKILL")
    this.child.stdout?.destroy()
    this.child.stderr?.destroy()
  }

  /** Stops it and deletes the copy. */
  async dispose(): Promise<void> {
    await this.stop()
    rmSync(this.dir, { recursive: true, force: true })
  }
}
