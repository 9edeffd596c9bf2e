import { backoffDelay, type ClientPort } from "mv3-port/core"
import { createPortPair, flushPorts, type FakePortEnd } from "mv3-port/testing"

import { causeText, failureText, sendRefusalText } from "~text/wording"
import { createConversationClient } from "~views/conversation-client"
import type { Wire } from "~views/conversation-protocol"
import type {
  ConversationSnapshot,
  OwnMessage
} from "~views/conversation-types"

import { clientOptions, type TestClientOptions } from "./support/client-options"
import { FakeBackground } from "./support/fake-background"

function setup(overrides: Partial<TestClientOptions<Wire>> = {}) {
  const background = new FakeBackground(20)
  let contextValid = true
  /** When (fake clock) each port was opened. */
  const openedAt: number[] = []
  const openPort = () => {
    openedAt.push(Date.now())
    return background.connect()
  }
  const controller = createConversationClient(
    clientOptions(openPort, {
      contextValid: () => contextValid,
      ...overrides
    })
  )
  const state = () => controller.getSnapshot()
  /** Client messages of one type posted on every port this view opened. */
  const posted = (type: string) =>
    background.clients.flatMap((port) =>
      port.sent.filter(
        (m) => (m as { body: { type: string } }).body.type === type
      )
    )
  return {
    background,
    controller,
    state,
    posted,
    openedAt,
    invalidateContext: () => (contextValid = false)
  }
}

/** The cause the view shows, in its words. */
const causeOf = (snapshot: ConversationSnapshot) =>
  snapshot.cause && causeText(snapshot.cause)

/** What a listed message shows: its text, state and (when failed) why. */
const shown = (message: OwnMessage) => ({
  id: message.id,
  text: message.text,
  state: message.state,
  attempts: message.attempts,
  error: message.state === "failed" ? failureText(message.failure) : undefined
})

/** Messages waiting to go out or for their reply (every one is listed). */
const pendingOf = (snapshot: ConversationSnapshot) =>
  snapshot.messages.filter((m) => m.state === "queued" || m.state === "sending")
    .length

/** The notice the view shows, in its words. */
const noticeOf = (snapshot: ConversationSnapshot) =>
  snapshot.notice && sendRefusalText(snapshot.notice)

/** What the view lists, as it shows each message. */
const listedOf = (snapshot: ConversationSnapshot) =>
  snapshot.messages.map(shown)

/** The snapshot with its cause and notice in the view's words. */
const worded = (snapshot: ConversationSnapshot) => ({
  ...snapshot,
  cause: causeOf(snapshot),
  notice: noticeOf(snapshot)
})

/** Stops the worker and keeps it from starting again: the view is left reconnecting. */
async function strandView(background: FakeBackground) {
  background.reachable = false
  background.stopWorker()
  await flushPorts()
}

async function advance(ms: number) {
  await jest.advanceTimersByTimeAsync(ms)
  await flushPorts()
}

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

describe("connecting and disconnecting", () => {
  it("goes connecting, then connected once the background welcomes it", async () => {
    const { controller, state } = setup()
    expect(worded(state())).toMatchObject({
      status: "disconnected",
      canSend: false
    })
    controller.connect()
    expect(worded(state())).toMatchObject({
      status: "connecting",
      canSend: true
    })
    await flushPorts()
    expect(worded(state())).toMatchObject({
      status: "connected",
      presence: { count: 1, kinds: { popup: 1 } }
    })
  })

  it("reports round trips to the background in batches, after the replies, and keeps them over a drop", async () => {
    const { controller, posted, background } = setup()
    controller.connect()
    await flushPorts()
    controller.send("one")
    controller.send("two")
    await flushPorts()
    // Not at once: the reports never compete with the messages.
    expect(posted("delivered")).toEqual([])
    await advance(250)
    const batches = posted("delivered") as Array<{
      body: { reports: Array<{ id: string; rttMs: number }> }
    }>
    expect(batches).toHaveLength(1)
    expect(batches[0].body.reports.map((r) => r.id)).toEqual(["m1", "m2"])
    expect(batches[0].body.reports[0].rttMs).toBeGreaterThanOrEqual(0)

    // A report due while the worker is gone goes out on the next connection.
    controller.send("three")
    await flushPorts()
    background.stopWorker()
    await advance(300)
    await flushPorts()
    await advance(250)
    const later = posted("delivered") as typeof batches
    expect(later.flatMap((b) => b.body.reports.map((r) => r.id))).toEqual([
      "m1",
      "m2",
      "m3"
    ])
  })

  it("closes the port on Disconnect, never reconnects, and connects again on demand", async () => {
    const { background, controller, state } = setup()
    for (let round = 1; round <= 3; round++) {
      controller.connect()
      await flushPorts()
      expect(state().status).toBe("connected")
      controller.disconnect()
      await flushPorts()
      expect(worded(state())).toMatchObject({
        status: "disconnected",
        cause: "You disconnected."
      })
      expect(background.registry.size).toBe(0)
      await advance(60_000)
      expect(background.clients).toHaveLength(round)
    }
    expect(
      background.logs.filter((l) => l === "Popup disconnected")
    ).toHaveLength(3)
  })

  it("heals after the background goes away, at once and without the user", async () => {
    const { background, controller, state } = setup()
    controller.connect()
    await flushPorts()
    background.stopWorker()
    await flushPorts()
    expect(worded(state())).toMatchObject({
      status: "reconnecting",
      attempt: 1,
      cause: "Background disconnected."
    })
    await advance(0)
    expect(state().status).toBe("connected")
    expect(background.clients).toHaveLength(2)
  })

  it("backs off exponentially, then fails and offers Connect", async () => {
    const { background, controller, state, openedAt } = setup()
    controller.connect()
    await flushPorts()
    await strandView(background)
    const droppedAt = Date.now()
    await advance(10_000)
    // Immediate, then 100, 200, 400 ms apart (capped at 400), then no more.
    expect(openedAt.slice(1).map((t) => t - droppedAt)).toEqual([
      0, 100, 300, 700
    ])
    expect(backoffDelay(9, 100, 400)).toBe(400)
    expect(worded(state())).toMatchObject({ status: "failed", canSend: false })
    expect(causeOf(state())).toMatch(/^Gave up after 4 attempts/)
    background.reachable = true
    controller.connect()
    await flushPorts()
    expect(state().status).toBe("connected")
  })

  it("says the extension was reloaded and stops trying when its context is gone", async () => {
    const { background, controller, state, invalidateContext } = setup()
    controller.connect()
    await flushPorts()
    controller.send("in flight")
    invalidateContext()
    background.stopWorker()
    await advance(10_000)
    expect(state().status).toBe("failed")
    expect(causeOf(state())).toMatch(/reloaded/)
    expect(listedOf(state())[0]).toMatchObject({ state: "failed" })
    expect(background.clients).toHaveLength(1)
  })

  it("says the extension was reloaded when that happens during the backoff, without spending the attempts", async () => {
    const { background, controller, state, invalidateContext } = setup()
    controller.connect()
    await flushPorts()
    await strandView(background)
    await advance(0)
    expect(worded(state())).toMatchObject({
      status: "reconnecting",
      attempt: 2
    })
    const opened = background.clients.length
    controller.send("queued")
    invalidateContext()
    await advance(10_000)
    expect(worded(state())).toMatchObject({ status: "failed", attempt: 0 })
    expect(causeOf(state())).toMatch(/reloaded/)
    expect(causeOf(state())).not.toMatch(/Gave up/)
    expect(listedOf(state())[0]).toMatchObject({
      state: "failed",
      error: expect.stringMatching(/reloaded/)
    })
    // The pending attempt found the context gone and opened no port.
    expect(background.clients).toHaveLength(opened)
  })

  it("answers Connect after a reload with the reload's cause, opening no port", async () => {
    const { background, controller, state, invalidateContext } = setup()
    invalidateContext()
    controller.connect()
    await advance(10_000)
    expect(worded(state())).toMatchObject({ status: "failed", canSend: false })
    expect(causeOf(state())).toMatch(/reloaded/)
    expect(background.clients).toHaveLength(0)
  })
})

describe("heartbeat", () => {
  it("pings only while connected", async () => {
    const { controller, posted } = setup()
    await advance(5000)
    expect(posted("ping")).toHaveLength(0)
    controller.connect()
    await flushPorts()
    await advance(3500)
    expect(posted("ping")).toHaveLength(3)
    controller.disconnect()
    await advance(10_000)
    expect(posted("ping")).toHaveLength(3)
  })
})

describe("sending", () => {
  it("sends trimmed text and shows the reply", async () => {
    const { controller, state } = setup()
    controller.connect()
    await flushPorts()
    expect(controller.send("  hi  ")).toEqual({ ok: true, id: "m1" })
    expect(listedOf(state())[0]).toMatchObject({ state: "sending", text: "hi" })
    await flushPorts()
    expect(listedOf(state())[0]).toMatchObject({
      state: "replied",
      attempts: 1
    })
    expect(state().response).toEqual({
      kind: "reply",
      text: 'Background received: "hi"'
    })
  })

  it("refuses empty, too long, and unconnected sends with a notice", async () => {
    const { controller, state, posted } = setup()
    const refused = controller.send("hi")
    expect(refused).toEqual({ ok: false, refusal: { code: "not-connected" } })
    expect(!refused.ok && sendRefusalText(refused.refusal)).toBe(
      "Connect first."
    )
    controller.connect()
    await flushPorts()
    expect(controller.send("   ").ok).toBe(false)
    expect(noticeOf(state())).toBe("Type a message first.")
    expect(controller.send("x".repeat(21)).ok).toBe(false)
    expect(noticeOf(state())).toMatch(/limit is 20/)
    expect(posted("send")).toHaveLength(0)
    controller.send("ok")
    expect(noticeOf(state())).toBeNull()
  })

  it("queues messages sent while connecting and sends them in order once welcomed", async () => {
    const { controller, state } = setup()
    controller.connect()
    controller.send("one")
    controller.send("two")
    expect(listedOf(state()).map((m) => m.state)).toEqual(["queued", "queued"])
    await flushPorts()
    expect(listedOf(state()).map((m) => m.state)).toEqual([
      "replied",
      "replied"
    ])
  })

  it("re-sends what was in flight when the worker stopped, and it is processed once", async () => {
    const { background, controller, state, posted } = setup()
    controller.connect()
    await flushPorts()
    controller.send("one")
    // The worker stops before it reads the message, and "two" is posted on
    // the dead port before the view hears of the drop: both are lost in transit.
    background.stopWorker()
    controller.send("two")
    await flushPorts()
    expect(state().status).toBe("reconnecting")
    await advance(0)
    expect(listedOf(state()).map((m) => [m.text, m.state])).toEqual([
      ["one", "replied"],
      ["two", "replied"]
    ])
    expect(
      posted("send").map((m) => (m as { body: { id: string } }).body.id)
    ).toEqual(["m1", "m2", "m1", "m2"])
    expect(await background.processedIds()).toEqual(["m1", "m2"])
  })

  it("bounds the queue while reconnecting: one more fails at once, visibly", async () => {
    const { background, controller, state } = setup()
    controller.connect()
    await flushPorts()
    await strandView(background)
    for (let i = 1; i <= 6; i++) controller.send(`q${i}`)
    expect(listedOf(state()).map((m) => m.state)).toEqual([
      "queued",
      "queued",
      "queued",
      "queued",
      "queued",
      "failed"
    ])
    expect(listedOf(state())[5].error).toMatch(/Too many messages waiting/)
    background.reachable = true
    await advance(100)
    expect(state().status).toBe("connected")
    expect(await background.processedIds()).toEqual([
      "m1",
      "m2",
      "m3",
      "m4",
      "m5"
    ])
  })

  it("marks messages failed when it gives up, and Retry sends them under the same id", async () => {
    const { background, controller, state } = setup()
    controller.connect()
    await flushPorts()
    await strandView(background)
    controller.send("lost?")
    await advance(5000)
    expect(listedOf(state())[0]).toMatchObject({
      state: "failed",
      error: "The connection could not be re-established."
    })
    background.reachable = true
    controller.connect()
    await flushPorts()
    controller.retry("m1")
    await flushPorts()
    expect(listedOf(state())[0]).toMatchObject({ id: "m1", state: "replied" })
  })

  it("gives up on a message after the configured attempts", async () => {
    // A worker that welcomes a view, then dies whenever a message arrives.
    const openPort = (): ClientPort<Wire> => {
      const { client, server } = createPortPair()
      server.onMessage.addListener((m) => {
        if ((m as { body: { type: string } }).body.type === "hello") {
          server.postMessage({
            type: "welcome",
            presence: { count: 1, kinds: { popup: 1 } }
          })
        } else {
          server.disconnect()
        }
      })
      return client as unknown as ClientPort<Wire>
    }
    const { controller, state } = setup({ openPort, maxSendAttempts: 2 })
    controller.connect()
    await flushPorts()
    controller.send("doomed")
    await advance(1000)
    expect(listedOf(state())[0]).toMatchObject({
      state: "failed",
      attempts: 2,
      error: "No reply after 2 attempts."
    })
    expect(state().status).toBe("connected")
  })

  it("fails a message with no reply on a live connection after the timeout", async () => {
    // A background that welcomes but never answers.
    const clients: FakePortEnd[] = []
    const openPort = (): ClientPort<Wire> => {
      const { client, server } = createPortPair()
      clients.push(client)
      server.onMessage.addListener((m) => {
        if ((m as { body: { type: string } }).body.type === "hello") {
          server.postMessage({
            type: "welcome",
            presence: { count: 1, kinds: { popup: 1 } }
          })
        }
      })
      return client as unknown as ClientPort<Wire>
    }
    const { controller, state } = setup({ openPort })
    controller.connect()
    await flushPorts()
    controller.send("anyone?")
    await advance(5000)
    expect(listedOf(state())[0]).toMatchObject({
      state: "failed",
      error: "No reply within 5 s."
    })
  })

  it("shows a message replied once even if the reply arrives twice", async () => {
    const { background, controller, state } = setup()
    controller.connect()
    await flushPorts()
    controller.send("one")
    await flushPorts()
    const server = background.ports[0]
    server.postMessage({
      type: "reply",
      id: "m1",
      seq: 1,
      at: 0,
      text: "one",
      reply: "dup"
    })
    await flushPorts()
    expect(listedOf(state())).toHaveLength(1)
    // The first reply stands: the second is not news.
    expect(state().response).toEqual({
      kind: "reply",
      text: 'Background received: "one"'
    })
  })

  it("shows an error the background sends about a message and fails it", async () => {
    const { background, controller, state } = setup({ maxMessageLength: 100 })
    controller.connect()
    await flushPorts()
    // The background's limit (20) is stricter than this view's (100).
    controller.send("x".repeat(30))
    await flushPorts()
    expect(listedOf(state())[0]).toMatchObject({ state: "failed" })
    expect(state().response.kind).toBe("error")
    // Worded by the view from the error's code, never from English on the wire.
    expect(listedOf(state())[0].error).toMatch(/^The message is too long/)
    expect(background.registry.size).toBe(1)
  })
})

/**
 * A worker that welcomes every hello; what it does after that is up to the
 * test: `dropAfterWelcome` closes the port at once, `silent` never answers
 * anything (not even the hello).
 */
function scriptedWorker() {
  const script = { dropAfterWelcome: false, silent: false }
  const clients: FakePortEnd[] = []
  const openPort = (): ClientPort<Wire> => {
    const { client, server } = createPortPair()
    clients.push(client)
    server.onMessage.addListener((m) => {
      if (script.silent) return
      if ((m as { body: { type: string } }).body.type !== "hello") return
      server.postMessage({
        type: "welcome",
        presence: { count: 1, kinds: { popup: 1 } }
      })
      if (script.dropAfterWelcome) server.disconnect()
    })
    return client as unknown as ClientPort<Wire>
  }
  return { script, clients, openPort }
}

describe("reconnecting to an unsteady worker", () => {
  it("backs off and gives up on a worker that welcomes and then drops at once", async () => {
    const worker = scriptedWorker()
    worker.script.dropAfterWelcome = true
    const { controller, state, openedAt } = setup({
      openPort: () => {
        openedAt.push(Date.now())
        return worker.openPort()
      }
    })
    const start = Date.now()
    controller.connect()
    await advance(10_000)
    // Each welcome is followed by a drop before anything was answered, so the
    // attempts add up: immediate, 100, 200, 400 ms apart, then Failed.
    expect(openedAt.map((t) => t - start)).toEqual([0, 0, 100, 300, 700])
    expect(worded(state())).toMatchObject({ status: "failed", canSend: false })
    expect(causeOf(state())).toMatch(/^Gave up after 4 attempts/)
  })

  it("starts the backoff afresh once a connection has answered after its welcome", async () => {
    const { background, controller, state, openedAt } = setup()
    controller.connect()
    await flushPorts()
    // A drop right after a welcome counts towards giving up...
    background.stopWorker()
    await flushPorts()
    await advance(0)
    expect(state().status).toBe("connected")
    background.stopWorker()
    await flushPorts()
    expect(worded(state())).toMatchObject({
      status: "reconnecting",
      attempt: 2
    })
    await advance(100)
    expect(state().status).toBe("connected")
    // ...but once a reply came back, the connection is proven: the next drop
    // is attempt 1 again, retried at once.
    controller.send("hi")
    await flushPorts()
    expect(listedOf(state())[0].state).toBe("replied")
    background.stopWorker()
    await flushPorts()
    expect(worded(state())).toMatchObject({
      status: "reconnecting",
      attempt: 1
    })
    const droppedAt = Date.now()
    await advance(0)
    expect(state().status).toBe("connected")
    expect(openedAt.at(-1)! - droppedAt).toBe(0)
    // An idle connection proves itself with the heartbeat's pong.
    await advance(1000)
    background.stopWorker()
    await flushPorts()
    expect(worded(state())).toMatchObject({
      status: "reconnecting",
      attempt: 1
    })
  })

  it("keeps one heartbeat when a welcome arrives twice", async () => {
    const { background, controller, posted } = setup()
    controller.connect()
    await flushPorts()
    background.ports[0].postMessage({
      type: "welcome",
      presence: { count: 1, kinds: { popup: 1 } }
    })
    await flushPorts()
    await advance(3500)
    expect(posted("ping")).toHaveLength(3)
  })

  it("gives up on a fresh port that is not welcomed within 5 s, and reconnects", async () => {
    const worker = scriptedWorker()
    worker.script.silent = true
    const { controller, state } = setup({ openPort: worker.openPort })
    controller.connect()
    await advance(4999)
    expect(state().status).toBe("connecting")
    expect(worker.clients).toHaveLength(1)
    worker.script.silent = false
    await advance(1)
    expect(worker.clients[0].peer.closed).toBe(true)
    expect(worded(state())).toMatchObject({
      status: "reconnecting",
      attempt: 1,
      cause: "The background did not answer."
    })
    // Retried at once (fake timers run a 0 ms timer set inside a tick 1 ms later).
    await advance(1)
    expect(worker.clients).toHaveLength(2)
    expect(state().status).toBe("connected")
  })
})

describe("Disconnect", () => {
  it("during the reconnect backoff cancels it: nothing reconnects later", async () => {
    const { background, controller, state, posted } = setup()
    controller.connect()
    await flushPorts()
    await strandView(background)
    await advance(0)
    // Attempt 1 failed; attempt 2 waits 100 ms.
    expect(worded(state())).toMatchObject({
      status: "reconnecting",
      attempt: 2
    })
    expect(background.clients).toHaveLength(2)
    controller.disconnect()
    background.reachable = true
    await advance(60_000)
    expect(background.clients).toHaveLength(2)
    expect(worded(state())).toMatchObject({
      status: "disconnected",
      cause: "You disconnected."
    })
    expect(posted("ping")).toHaveLength(0)
  })

  it("while connecting closes the port; no welcome, timeout or reconnect follows", async () => {
    const { background, controller, state, posted } = setup()
    controller.connect()
    controller.disconnect()
    await flushPorts()
    expect(state().status).toBe("disconnected")
    expect(background.clients[0].closed).toBe(true)
    expect(background.registry.size).toBe(0)
    await advance(60_000)
    expect(worded(state())).toMatchObject({
      status: "disconnected",
      cause: "You disconnected."
    })
    expect(background.clients).toHaveLength(1)
    expect(posted("ping")).toHaveLength(0)
  })

  it("fails what is queued or in flight, visibly and for good, with a Retry", async () => {
    // The README: nothing is silently lost; a message ends replied or failed.
    const worker = scriptedWorker()
    const { controller, state } = setup({ openPort: worker.openPort })
    controller.connect()
    await flushPorts()
    worker.script.silent = true
    controller.send("in flight")
    await flushPorts()
    worker.clients[0].peer.disconnect()
    await flushPorts()
    controller.send("queued")
    expect(listedOf(state()).map((m) => m.state)).toEqual(["sending", "queued"])
    controller.disconnect()
    const failed = [
      {
        text: "in flight",
        state: "failed",
        error: "Disconnected before a reply."
      },
      { text: "queued", state: "failed", error: "Disconnected before a reply." }
    ]
    expect(listedOf(state())).toMatchObject(failed)
    expect(pendingOf(state())).toBe(0)
    expect(state().totals.failed).toBe(2)
    // No reply timer or reconnect changes that later, and Connect does not
    // send them on its own.
    worker.script.silent = false
    await advance(60_000)
    controller.connect()
    await flushPorts()
    expect(state().status).toBe("connected")
    await advance(10_000)
    expect(listedOf(state())).toMatchObject(failed)
    controller.retry("m2")
    expect(listedOf(state())[1]).toMatchObject({
      state: "sending",
      attempts: 1
    })
  })
})

describe("Retry", () => {
  it("is refused when the view cannot send", async () => {
    const worker = scriptedWorker()
    worker.script.silent = true
    const { controller, state } = setup({ openPort: worker.openPort })
    controller.connect()
    controller.send("lost")
    controller.disconnect()
    expect(listedOf(state())[0]).toMatchObject({ state: "failed" })
    controller.retry("m1")
    expect(listedOf(state())[0]).toMatchObject({ state: "failed", attempts: 0 })
    expect(pendingOf(state())).toBe(0)
    expect(worker.clients[0].sent).toHaveLength(1) // the hello only
  })

  it("is bound by the queue limit like Send, and fails visibly when it is full", async () => {
    const { background, controller, state } = setup()
    controller.connect()
    await flushPorts()
    await strandView(background)
    for (let i = 1; i <= 6; i++) controller.send(`q${i}`)
    expect(listedOf(state())[5].state).toBe("failed")
    controller.retry("m6")
    expect(listedOf(state())[5]).toMatchObject({
      state: "failed",
      error: "Too many messages waiting (5); retry once some are answered."
    })
    expect(pendingOf(state())).toBe(5)
    background.reachable = true
    await advance(100)
    expect(await background.processedIds()).toEqual([
      "m1",
      "m2",
      "m3",
      "m4",
      "m5"
    ])
    // Once the queue drained, Retry sends it.
    controller.retry("m6")
    await flushPorts()
    expect(listedOf(state())[5]).toMatchObject({ state: "replied" })
  })
})

describe("what the view lists", () => {
  it("lists every message not yet answered, however many", async () => {
    const { background, controller, state } = setup({
      maxQueued: 100
    })
    controller.connect()
    await flushPorts()
    await strandView(background)
    for (let i = 1; i <= 60; i++) controller.send(`q${i}`)
    expect(listedOf(state())).toHaveLength(60)
    expect(listedOf(state())[0]).toMatchObject({ id: "m1", state: "queued" })
    background.reachable = true
    await advance(100)
    // Once answered, only the latest 50 stay listed.
    expect(pendingOf(state())).toBe(0)
    expect(listedOf(state())).toHaveLength(50)
    expect(listedOf(state())[0]).toMatchObject({ id: "m11", state: "replied" })
    expect(state().totals).toEqual({ sent: 60, replied: 60, failed: 0 })
  })

  it("lists the newest 50 failed messages and counts the older ones", async () => {
    const { background, controller, state } = setup()
    controller.connect()
    await flushPorts()
    await strandView(background)
    // 5 queue up, the next 60 overflow the queue and fail.
    for (let i = 1; i <= 65; i++) controller.send(`q${i}`)
    const shown = listedOf(state())
    expect(shown.filter((m) => m.state === "queued")).toHaveLength(5)
    const failed = shown.filter((m) => m.state === "failed")
    expect(failed).toHaveLength(50)
    expect(failed[0].id).toBe("m16")
    expect(failed.at(-1)!.id).toBe("m65")
    expect(state().hiddenFailed).toBe(10)
    expect(state().totals).toEqual({ sent: 65, replied: 0, failed: 60 })
  })
})
