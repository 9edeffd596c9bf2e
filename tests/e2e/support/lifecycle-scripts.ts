/** Page scripts and helpers of the lifecycle tests (lifecycle*.e2e.ts). */

/** A small seeded PRNG, so a failing run can be replayed (the seed is printed). */
export function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

/**
 * Page script: `window.__burst(texts)` sends each text through the view's own
 * form as fast as the view allows (value set as typing does, then the form
 * submitted as Enter does), without waiting for replies, so that dozens of
 * messages are on their way or being recorded at any moment. With `gapMs`,
 * it waits that long after each one instead: a steady stream. Resolves with
 * the ms since it started at which each message was handed to the view.
 */
export const BURST = `window.__burst = async (texts, gapMs = 0) => {
  const input = document.querySelector("#messageInput")
  const counter = document.querySelector("#counter")
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set
  const tick = () => new Promise((resolve) => {
    const channel = new MessageChannel()
    channel.port1.onmessage = () => resolve()
    channel.port2.postMessage(0)
  })
  const until = async (ok, what) => {
    for (let i = 0; !ok(); i++) {
      if (i > 5000) throw new Error("The view did not take " + what)
      await tick()
    }
  }
  const t0 = performance.now()
  const at = []
  for (const text of texts) {
    input.focus()
    setValue.call(input, text)
    input.dispatchEvent(new Event("input", { bubbles: true }))
    await until(() => counter.textContent.startsWith(text.length + "/"), text)
    input.form.requestSubmit()
    at.push(performance.now() - t0)
    await until(() => counter.textContent.startsWith("0/"), text + " (send)")
    if (gapMs > 0) await new Promise((resolve) => setTimeout(resolve, gapMs))
  }
  return at
}`

/**
 * Page script, run before Connect: wraps `chrome.runtime.connect` so every
 * port the view opens counts what goes out and comes back on mv3-port's
 * wire: how many times (and when last) each message was posted as a
 * `send` request (`{k:"req", name:"send", input:{id,…}}`), keyed by the
 * app's message id (`input.id`: the package's request id is its own), and
 * every answer to those requests (`{k:"res", output: Reply}`) in arrival
 * order, read from the Reply (`output.{id,seq,at,text}`).
 * It also records the highest `data-attempts` each message item showed (the
 * list keeps only the last 50, so the attribute is sampled as it changes).
 */
export const RECORD_WIRE = `(() => {
  const wire = (window.__wire = { posts: {}, lastPostAt: {}, replies: [], ports: 0, shown: {} })
  // The package request ids of the sends, to tell their answers from others'.
  const sends = new Set()
  const runtime = chrome.runtime
  const connect = runtime.connect.bind(runtime)
  runtime.connect = (...args) => {
    const port = connect(...args)
    wire.ports++
    const post = port.postMessage.bind(port)
    port.postMessage = (message) => {
      // Read before posting: the worker (another thread) may record the
      // message before postMessage even returns here.
      const at = Date.now()
      post(message)
      if (message && message.k === "req" && message.name === "send" && message.input) {
        const id = message.input.id
        sends.add(message.id)
        wire.posts[id] = (wire.posts[id] || 0) + 1
        wire.lastPostAt[id] = at
      }
    }
    port.onMessage.addListener((message) => {
      if (message && message.k === "res" && sends.has(message.id) && message.output) {
        const { id, seq, at, text } = message.output
        wire.replies.push({ id, seq, at, text })
      }
    })
    return port
  }
  const sample = () => {
    for (const li of document.querySelectorAll("#log li.log-own[data-id]")) {
      const attempts = Number(li.dataset.attempts)
      if (Number.isFinite(attempts)) {
        wire.shown[li.dataset.id] = Math.max(wire.shown[li.dataset.id] || 0, attempts)
      }
    }
  }
  new MutationObserver(sample).observe(document.body, {
    subtree: true, childList: true, attributes: true, attributeFilter: ["data-attempts"]
  })
})()`

/** What RECORD_WIRE leaves on `window.__wire`. */
export interface Wire {
  /** Posts of a `send` request per app message id. */
  posts: Record<string, number>
  /** Date.now() just before each id was last posted. */
  lastPostAt: Record<string, number>
  /** The Replies to `send` requests, in arrival order. */
  replies: Array<{ id: string; seq: number; at: number; text: string }>
  ports: number
  shown: Record<string, number>
}
