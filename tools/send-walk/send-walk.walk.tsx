/**
 * `npm run walk`: which files a Send runs, from the click to the reply on
 * screen. The popup (`ConversationApp`) renders against the real worker
 * code (`FakeBackground`: the port handler, mv3-port's server, the
 * conversation and its store) behind fake ports, and V8's precise coverage
 * (the inspector protocol's `Profiler.takePreciseCoverage`, which resets
 * the counts each time it is taken) records every function that ran
 * between the click and `#response` reading the reply. Every file with one
 * counts: the data path and the re-renders it causes. Test doubles do not.
 */
import { Session } from "node:inspector"
import { relative } from "node:path"
import { act, render, screen } from "@testing-library/react"
import userEvent from "@testing-library/user-event"
import { flushPorts } from "mv3-port/testing"

import { ConversationApp } from "~components/ConversationApp"
import { config } from "~config"

import { FakeBackground } from "../../tests/unit/support/fake-background"
import { FakeSync } from "../../tests/unit/support/fake-settings"

const ROOT = process.cwd()

interface CoveredFunction {
  functionName: string
  ranges: Array<{ startOffset: number; endOffset: number; count: number }>
}
type Coverage = Array<{ url: string; functions: CoveredFunction[] }>

/**
 * Whether `f` ran and is code of ours, not one of the getters ts-jest's
 * CommonJS output puts on a re-export (`get: function () { return m.x; }`),
 * which would count an `index.ts` that only passes names on.
 */
function ranOurCode(f: CoveredFunction): boolean {
  const [{ startOffset, endOffset, count }] = f.ranges
  return (
    count > 0 && !(f.functionName === "get" && endOffset - startOffset < 60)
  )
}

function post<T>(session: Session, method: string, params = {}): Promise<T> {
  return new Promise((resolve, reject) =>
    session.post(method, params, (error, result) =>
      error ? reject(error) : resolve(result as T)
    )
  )
}

/** Lets port deliveries, storage promises and renders run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await act(() => flushPorts(20))
    await act(() => new Promise((resolve) => setTimeout(resolve, 5)))
  }
}

/** The project's files (no tests, no test doubles) with a function that ran. */
function filesThatRan(coverage: Coverage): string[] {
  const files = new Set<string>()
  for (const script of coverage) {
    const path = script.url.replace(/^file:\/\//, "")
    if (!path.startsWith(ROOT) || path.includes("node_modules")) continue
    const file = relative(ROOT, path)
    if (/^(tests|tools)\/|\/testing\//.test(file)) continue
    if (script.functions.some(ranOurCode)) files.add(file)
  }
  return [...files].sort()
}

test("a Send, from the click to the reply on screen", async () => {
  const background = new FakeBackground(config.maxMessageLength)
  globalThis.chrome = {
    runtime: { id: "extension-id", connect: () => background.connect() },
    storage: { session: background.area, sync: new FakeSync() }
  } as unknown as typeof chrome
  const session = new Session()
  session.connect()
  await post(session, "Profiler.enable")
  await post(session, "Profiler.startPreciseCoverage", { callCount: true })

  render(<ConversationApp kind="popup" />)
  const user = userEvent.setup()
  await user.click(screen.getByRole("button", { name: "Connect" }))
  await user.type(screen.getByRole("textbox", { name: "Message" }), "hello")
  await settle()
  await post(session, "Profiler.takePreciseCoverage")

  await user.click(screen.getByRole("button", { name: "Send" }))
  await settle()
  expect(document.querySelector("#response")).toHaveTextContent(
    'Reply: Background received: "hello"'
  )
  const { result } = await post<{ result: Coverage }>(
    session,
    "Profiler.takePreciseCoverage"
  )
  session.disconnect()

  const files = filesThatRan(result)
  const app = files.filter((file) => !file.startsWith("packages/"))
  const pkg = files.filter((file) => file.startsWith("packages/"))
  console.log(
    [
      `A Send ran code in ${files.length} files: ${app.length} of the app, ${pkg.length} of mv3-port.`,
      ...files.map((file) => `  ${file}`)
    ].join("\n")
  )
  expect(background.errors).toEqual([])
})
