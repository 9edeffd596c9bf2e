import { sleep } from "~tools/poll"

import { setUpExtensionSession } from "./support/session-fixture"

/**
 * The "the worker logs no unhandled error" checks elsewhere are only worth
 * something if they can fail: these canaries throw in the worker on purpose
 * and require the watch to see it, in the first worker and in one started
 * after a stop.
 */
const session = setUpExtensionSession()

/** Polls `workerErrors()` until `done` holds for it (or gives up). */
async function errorsUntil(
  done: (errors: string[]) => boolean,
  timeoutMs = 5000
): Promise<string[]> {
  const deadline = Date.now() + timeoutMs
  let errors = await session().workerErrors()
  while (!done(errors) && Date.now() < deadline) {
    await sleep(50)
    errors = await session().workerErrors()
  }
  return errors
}

/** Throws from a timer and leaves a rejection unhandled, tagged with `tag`. */
async function throwInWorker(tag: string): Promise<void> {
  const worker = await session().worker()
  await worker.evaluate((tag) => {
    setTimeout(() => {
      throw new Error(`${tag} thrown`)
    })
    void Promise.reject(new Error(`${tag} rejected`))
  }, tag)
}

const has = (errors: string[], text: string) =>
  errors.some((line) => line.includes(text))

test("a healthy run has no worker errors", async () => {
  const popup = await session().openView("popup.html")
  await popup.connect()
  await popup.send("hello")
  await popup.waitForResponse('Reply: Background received: "hello"')
  expect(await session().workerErrors()).toEqual([])
})

test("canary: an uncaught throw and an unhandled rejection in the worker are caught", async () => {
  expect(await session().workerErrors()).toEqual([])
  await throwInWorker("canary")
  const errors = await errorsUntil(
    (e) => has(e, "canary thrown") && has(e, "canary rejected")
  )
  expect(errors).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^uncaught: .*canary thrown/),
      expect.stringMatching(/^uncaught: .*\(in promise\).*canary rejected/s)
    ])
  )
  // console.error counts too (the background's "Failed to handle a message").
  const worker = await session().worker()
  await worker.evaluate(() => console.error("canary console"))
  expect(await errorsUntil((e) => has(e, "canary console"))).toContainEqual(
    "console.error: canary console"
  )
})

test("canary: a worker started after a stop is watched too", async () => {
  const popup = await session().openView("popup.html")
  await popup.connect()
  await session().stopWorker()
  // The view reconnects, which starts a new worker.
  await popup.waitForStatus("Connected", 15_000)
  await popup.send("after the stop")
  await popup.waitForResponse('Reply: Background received: "after the stop"')
  expect(await session().workerErrors()).toEqual([])
  await throwInWorker("restarted")
  const errors = await errorsUntil(
    (e) => has(e, "restarted thrown") && has(e, "restarted rejected")
  )
  expect(errors.filter((line) => line.includes("restarted"))).toHaveLength(2)
})
