import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"

import { setUpExtensionSession } from "./support/session-fixture"

/**
 * Who gets in, and what a hostile text does: apart from hardening.e2e.ts
 * (which hammers the port itself) to keep each file one job's size.
 */
// Whatever a test posted, the worker threw nothing and logged no error.
const session = setUpExtensionSession({ noWorkerErrors: true })

test("only our own pages get in: web pages cannot reach us, look-alike names are refused and logged once", async () => {
  const popup = await session().openView("popup.html")
  await popup.connect()

  const server: Server = createServer((_req, res) => {
    res.setHeader("content-type", "text/html")
    res.end("<!doctype html><title>not ours</title><p>hello</p>")
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  try {
    const { port } = server.address() as AddressInfo
    const web = await session().context.newPage()
    await web.goto(`http://127.0.0.1:${port}/`)
    const attempt = await web.evaluate(async (id) => {
      const runtime = (
        globalThis as unknown as {
          chrome?: { runtime?: { connect?: typeof chrome.runtime.connect } }
        }
      ).chrome?.runtime
      if (typeof runtime?.connect !== "function")
        return "no chrome.runtime.connect on a web page"
      try {
        const port = runtime.connect(id, { name: "popup-connection" })
        return await new Promise((resolve) => {
          port.onDisconnect.addListener(() => resolve("disconnected"))
          port.onMessage.addListener(() => resolve("answered"))
          // Said as our views say it: a served port answers the hello.
          port.postMessage({
            k: "hello",
            data: { clientId: "web", kind: "popup" }
          })
          port.postMessage({ k: "ping" })
          setTimeout(() => resolve("silence"), 2000)
        })
      } catch (error) {
        return `threw: ${(error as Error).message}`
      }
    }, session().extensionId)
    // Chromium gives a web page no chrome.runtime at all when no extension
    // lists it in externally_connectable (ours lists none); a port that did
    // open must be closed on it. Silence or an answer is a failure.
    expect(
      attempt === "no chrome.runtime.connect on a web page" ||
        attempt === "disconnected" ||
        String(attempt).startsWith("threw: ")
    ).toBe(true)
  } finally {
    server.close()
  }

  // Our own page, names that look like ours: refused at once, logged once.
  const names = [
    "popup-connection ",
    "Popup-Connection",
    "popup-connection\u200b",
    "popup-connection",
    "popup"
  ]
  const outcomes = await popup.page.evaluate(async (names) => {
    const results: string[] = []
    for (const name of names.filter((n) => n !== "popup-connection")) {
      for (let i = 0; i < 3; i++) {
        results.push(
          await new Promise<string>((resolve) => {
            const port = chrome.runtime.connect({ name })
            port.onDisconnect.addListener(() => resolve("refused"))
            port.onMessage.addListener(() => resolve("answered"))
            // A served port answers the hello (what comes before it is
            // ignored, so a bare ping would prove nothing).
            port.postMessage({
              k: "hello",
              data: { clientId: `look-alike-${i}`, kind: "popup" }
            })
            port.postMessage({ k: "ping" })
          })
        )
      }
    }
    return results
  }, names)
  expect(outcomes).toEqual(Array(12).fill("refused"))
  expect(
    session().workerLogs.filter((l) => l.startsWith("Refused a port"))
  ).toHaveLength(1)
  // The real view was not disturbed.
  expect(await popup.page.locator("#presence").textContent()).toBe(
    "1 view connected (popup 1)"
  )
})

test("hostile text is shown literally and never executed", async () => {
  const popup = await session().openView("popup.html")
  const dialogs: string[] = []
  popup.page.on("dialog", (d) => {
    dialogs.push(d.message())
    void d.dismiss()
  })
  await popup.connect()
  const payloads = [
    '<img src=x onerror="window.__xss=1;alert(1)">',
    "<script>window.__xss=2;alert(2)</script>",
    '<a href="javascript:alert(3)">click</a>',
    '"><svg onload=alert(4)>'
  ]
  for (const payload of payloads) {
    await popup.send(payload)
    await popup.waitForResponse(`Reply: Background received: "${payload}"`)
  }
  expect(
    await popup.page.evaluate(
      () => (window as unknown as { __xss?: number }).__xss
    )
  ).toBeUndefined()
  expect(
    await popup.page
      .locator("#response img, #log img, #log script, #log a, #log svg")
      .count()
  ).toBe(0)
  expect(await popup.page.locator("#log .log-out").last().textContent()).toBe(
    `→ ${payloads.at(-1)}`
  )
  expect(dialogs).toEqual([])
})

// Changed with the move to mv3-port: before it, a request before the hello
// was answered, a bad hello got `error bad-message` on a port left open,
// and a second hello re-identified the view (issue 25 asked to refuse it).
test("a port is served only after its hello: a bad hello closes it, a second one is ignored", async () => {
  const page = await session().openView("popup.html")
  const result = await page.page.evaluate(async () => {
    const open = () => {
      const port = chrome.runtime.connect({ name: "popup-connection" })
      const state = { port, got: [] as Array<{ k: string; id?: string }> }
      const closed = new Promise<"closed">((resolve) =>
        port.onDisconnect.addListener(() => resolve("closed"))
      )
      port.onMessage.addListener((message: { k: string; id?: string }) => {
        if (message.k !== "event") state.got.push(message)
      })
      return { ...state, closed }
    }
    const send = (id: string, text: string) => ({
      k: "req",
      id,
      name: "send",
      input: { id, text }
    })
    const later = (ms: number) =>
      new Promise<"open">((resolve) => setTimeout(() => resolve("open"), ms))

    const early = open()
    early.port.postMessage(send("too-early", "before the hello"))
    early.port.postMessage({ k: "ping" })
    early.port.postMessage({
      k: "hello",
      data: { clientId: "early-bird", kind: "popup" }
    })
    early.port.postMessage({
      k: "hello",
      data: { clientId: "someone-else", kind: "sidepanel" }
    })
    early.port.postMessage(send("after-hello", "after the hello"))
    // The request after the hello is answered; wait for it, then a little.
    for (let i = 0; i < 100 && early.got.length < 2; i++) await later(50)
    await later(300)
    const served = early.got.map((m) => `${m.k}:${m.id ?? ""}`)
    early.port.disconnect()

    const hellos: unknown[] = [
      undefined,
      { clientId: "c" },
      { clientId: "c", kind: "options" },
      { clientId: "has space", kind: "popup" },
      // A page that says it is a tab.
      { clientId: "c", kind: "tab" }
    ]
    const refused: string[] = []
    for (const data of hellos) {
      const bad = open()
      bad.port.postMessage({ k: "hello", data })
      bad.port.postMessage({ k: "ping" })
      const outcome = await Promise.race([bad.closed, later(3000)])
      refused.push(`${outcome}:${bad.got.map((m) => m.k).join(",")}`)
      if (outcome === "open") bad.port.disconnect()
    }
    return { served, refused }
  })
  // Nothing before the hello was answered, nor the second hello.
  expect(result.served).toEqual(["welcome:", "res:after-hello"])
  // Each bad hello closed its port without a word.
  expect(result.refused).toEqual(Array(5).fill("closed:"))
})
