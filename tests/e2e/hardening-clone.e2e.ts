import type { ToServer } from "mv3-port"

import { openRawPort, type RawWindow } from "./support/raw-port"
import { setUpExtensionSession } from "./support/session-fixture"

// Whatever a test posted, the worker threw nothing and logged no error.
const session = setUpExtensionSession({ noWorkerErrors: true })

/**
 * With `"message_serialization": "structured_clone"` a port carries what
 * JSON cannot: holes, huge sparse lengths, Maps, cycles, lone surrogates.
 * Each is posted on a raw port of one of our pages while a DevTools view
 * is connected (so the worker also describes every message for it), and
 * each must get a typed `err`, the next valid request its `res`, and the
 * DevTools view a bounded description of it.
 */
test("structured-clone values get typed errors, with a DevTools view describing them", async () => {
  const inspector = await session().openView("popup.html")
  await openRawPort(inspector.page, "devtools")
  const page = await session().openView("popup.html")
  await openRawPort(page.page)
  const answers = await page.page.evaluate(async () => {
    const raw = (window as unknown as RawWindow).__raw
    const req = (id: string, name: string, input: unknown): ToServer => ({
      k: "req",
      id,
      name,
      input
    })
    const cycle: Record<string, unknown> = { id: "cycle", text: "x" }
    cycle.self = cycle
    const huge: unknown[] = []
    huge.length = 1e8
    const inputs: Array<[string, string, unknown]> = [
      ["hole", "delivered", { reports: new Array(1) }],
      ["sparse", "delivered", { reports: huge }],
      ["surrogate", "send", { id: "\ud800a-1", text: "x" }],
      [
        "map",
        "send",
        new Map([
          ["id", "map"],
          ["text", "x"]
        ])
      ],
      ["cycle", "send", cycle],
      ["buffer", "send", { id: "buffer", text: new ArrayBuffer(8) }]
    ]
    const out: string[] = []
    for (const [i, [id, name, input]] of inputs.entries()) {
      const start = raw.got.length
      raw.port.postMessage(req(id, name, input))
      const ok = `ok-${i}`
      raw.port.postMessage(req(ok, "send", { id: ok, text: "after" }))
      await raw.next(start + 2)
      out.push(
        raw.got
          .slice(start, start + 2)
          .map(({ message: m }) =>
            m.k === "err"
              ? `err:${m.code}:${m.id}`
              : `${m.k}:${"id" in m ? m.id : ""}`
          )
          .join("|")
      )
    }
    return out
  })
  expect(answers).toEqual([
    "err:bad-input:hole|res:ok-0",
    "err:bad-input:sparse|res:ok-1",
    "err:bad-input:surrogate|res:ok-2",
    "err:bad-input:map|res:ok-3",
    "err:bad-input:cycle|res:ok-4",
    "err:bad-input:buffer|res:ok-5"
  ])
  // The DevTools view was told about each bad request, described within
  // its bound rather than walked. The worker sends traffic rows in
  // batches, so wait until the last one arrived.
  const ids = ["hole", "sparse", "map", "cycle", "buffer"]
  const described = await inspector.page.evaluate(async (ids) => {
    const raw = (window as unknown as RawWindow).__raw
    const lines = () =>
      raw.events
        .filter(({ message }) => message.name === "traffic")
        .map(({ message }) => JSON.stringify(message.data))
    const deadline = performance.now() + 10_000
    while (
      !ids.every((id) => lines().some((line) => line.includes(`"${id}"`))) &&
      performance.now() < deadline
    ) {
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    return lines()
  }, ids)
  for (const id of ids) {
    expect(described.some((line) => line.includes(`"${id}"`))).toBe(true)
  }
  expect(Math.max(...described.map((line) => line.length))).toBeLessThan(
    100_000
  )
})
