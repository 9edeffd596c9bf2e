/** @jest-environment node */
import { execFile } from "node:child_process"
import { existsSync } from "node:fs"
import { join } from "node:path"
import { promisify } from "node:util"

const ROOT = join(__dirname, "../..")

/** `npm start` as package.json runs it, with the given environment. */
async function npmStart(env: NodeJS.ProcessEnv, args: string[] = []) {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "scripts/start.ts", ...args],
      { cwd: ROOT, env, timeout: 30_000 }
    )
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

test("npm start on a machine without a display says what to do, exits 1 and starts nothing", async () => {
  const env = { ...process.env }
  delete env.DISPLAY
  delete env.WAYLAND_DISPLAY
  const devBuild = join(ROOT, "build/chrome-mv3-dev")
  const hadDevBuild = existsSync(devBuild)
  const run = await npmStart(env)
  expect(run.code).toBe(1)
  expect(run.stderr).toMatch(/this machine has no display/)
  expect(run.stderr).toMatch(/xvfb-run -a/)
  // A clear message, not a crash.
  expect(run.stderr).not.toMatch(/\n\s+at /)
  // plasmo dev never ran: it would have said so and written the dev build.
  expect(run.stdout).not.toMatch(/Starting plasmo dev/)
  expect(run.stderr).not.toMatch(/Starting plasmo dev/) // where npm start says it
  expect(existsSync(devBuild)).toBe(hadDevBuild)
}, 40_000)

test("npm start with an argument it does not know says what it takes, exits 1 and starts nothing", async () => {
  const run = await npmStart({ ...process.env, DISPLAY: ":0" }, ["popup"])
  expect(run.code).toBe(1)
  expect(run.stderr).toMatch(/npm start does not know "popup"/)
  expect(run.stderr).toMatch(/--serve-port=N, --hmr-port=N/)
  expect(run.stderr).not.toMatch(/\n\s+at /)
  expect(run.stderr).not.toMatch(/Starting plasmo dev/)
}, 40_000)
