/**
 * `plasmo dev` for `npm start`: started in its own process group (Parcel's
 * watcher and workers go with it when the group is stopped), its output
 * echoed, and a promise for its first finished build.
 */
import { spawn, type ChildProcess } from "node:child_process"
import { existsSync } from "node:fs"
import { join } from "node:path"

import { UserError } from "./start-support"

const FIRST_BUILD_TIMEOUT_MS = 180_000

/** A running `plasmo dev`. */
export interface PlasmoDev {
  child: ChildProcess
  /** Resolves when the first build is written; rejects if it exits first or times out. */
  firstBuild: Promise<void>
  /** Resolves when plasmo dev has exited, for whatever reason. */
  exited: Promise<void>
}

/** Starts `plasmo dev` in `root` (with `args`, e.g. its ports), writing `buildDir`. */
export function startPlasmoDev(
  root: string,
  buildDir: string,
  args: readonly string[]
): PlasmoDev {
  const cli = join(root, "node_modules", "plasmo", "bin", "index.mjs")
  if (!existsSync(cli)) {
    throw new UserError("Plasmo is not installed: run `npm install` first.")
  }
  const child = spawn(process.execPath, [cli, "dev", ...args], {
    cwd: root,
    detached: process.platform !== "win32",
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, FORCE_COLOR: process.stdout.isTTY ? "1" : "0" }
  })
  const exited = new Promise<void>((r) => child.once("exit", () => r()))
  const firstBuild = new Promise<void>((resolvePromise, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new UserError(
            `plasmo dev did not finish its first build within ${FIRST_BUILD_TIMEOUT_MS / 1000} s (its output is above).`
          )
        ),
      FIRST_BUILD_TIMEOUT_MS
    )
    const watch = (chunk: Buffer) => {
      const text = chunk.toString("utf8")
      process.stdout.write(text)
      if (
        /re-packaged/.test(text) &&
        existsSync(join(buildDir, "manifest.json"))
      ) {
        clearTimeout(timer)
        resolvePromise()
      }
    }
    child.stdout?.on("data", watch)
    child.stderr?.on("data", watch)
    child.once("exit", (code, signal) => {
      clearTimeout(timer)
      reject(
        new UserError(
          `plasmo dev exited (${signal ?? `code ${code}`}) before the first build finished; its output is above.`
        )
      )
    })
  })
  // Nobody may be waiting for the first build any more when it fails late.
  firstBuild.catch(() => {})
  return { child, firstBuild, exited }
}

/** Sends `name` to plasmo dev's whole process group (or to it alone on Windows). */
function signalGroup(child: ChildProcess, name: NodeJS.Signals): void {
  try {
    if (process.platform !== "win32" && child.pid)
      process.kill(-child.pid, name)
    else child.kill(name)
  } catch {
    // The group is gone already.
  }
}

/** Stops plasmo dev and its group: SIGTERM, then SIGKILL after 5 s. */
export async function stopPlasmoDev(dev: PlasmoDev): Promise<void> {
  const { child } = dev
  if (child.exitCode === null && child.signalCode === null) {
    signalGroup(child, "SIGTERM")
    let timer: ReturnType<typeof setTimeout> | undefined
    await Promise.race([
      dev.exited,
      new Promise((r) => (timer = setTimeout(r, 5000)))
    ])
    clearTimeout(timer)
  }
  // Whatever is left of the group (a worker, a leader that ignored SIGTERM).
  signalGroup(child, "SIGKILL")
}

/**
 * The last resort on the way out (`process.on("exit")`, where only
 * synchronous work runs): whatever is left of the group is killed.
 */
export function killPlasmoDevNow(dev: PlasmoDev): void {
  signalGroup(dev.child, "SIGKILL")
}
