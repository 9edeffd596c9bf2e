import { config } from "~config"
import { conversation } from "~protocol/conversation"

/**
 * Malformed messages for the popup-connection port, in mv3-port's wire
 * (`{ k: "hello" | "ping" | "req" | "stream" | "upload" | "st", … }`), and
 * an e2e-local reader of that wire that says what the worker answers each
 * with. Local on purpose: the package's own reader (`readToServer`) is not
 * a public entry, and a test that borrowed it would agree with any bug in
 * it.
 */

/** The codes the package answers a request with; the rest of `err`'s codes are the app's. */
export const PACKAGE_CODES = [
  "bad-request",
  "unknown-request",
  "bad-input",
  "handler-failed"
]
/** The codes the app's handlers and its `allow` refuse with. */
export const APP_CODES = [
  "empty-text",
  "text-too-long",
  "id-reused",
  "not-allowed",
  "rate-limited"
]

let corpusIds = 0
/** A request of `name` with its own request id, so no answer is a stored one. */
const req = (name: unknown, input: unknown) => ({
  k: "req",
  id: `corpus-${corpusIds++}`,
  name,
  input
})
const send = (input: unknown) => req("send", input)

/** At least 30 hand-picked malformed messages, each answered with an `err`. */
export const CORPUS: unknown[] = [
  ...[null, 0, 42, -1.5, true, false, "", "hello", [], [1, 2, 3], {}],
  { name: "popup-connection" },
  { body: { type: "send", id: "old", text: "the old envelope" } },
  ...[null, 42, "", "nope", "send", "__proto__", "constructor", [], {}].map(
    (k) => ({ k })
  ),
  // What only the worker posts.
  { k: "welcome" },
  { k: "res", id: "x", output: {} },
  { k: "event", name: "entry", data: {} },
  { k: "req" },
  { k: "req", id: 5, name: "send", input: { id: "a", text: "x" } },
  { k: "req", id: "", name: "send", input: { id: "a", text: "x" } },
  { k: "req", id: "x".repeat(129), name: "send", input: {} },
  { k: "req", id: "\ud800", name: "send", input: {} },
  req(5, { id: "a", text: "x" }),
  req("x".repeat(129), {}),
  req("nope", {}),
  req("__proto__", {}),
  req("constructor", {}),
  { k: "req", id: "no-input", name: "send" },
  send({ id: 5, text: "x" }),
  send({ id: "", text: "x" }),
  send({ id: "x".repeat(100), text: "x" }),
  send({ id: "a", text: 5 }),
  send({ id: "a", text: null }),
  send({ id: "a", text: "   " }),
  // One character over the limit the views enforce too.
  send({ id: "a", text: "x".repeat(config.maxMessageLength + 1) }),
  send({ id: "a", text: "x", extra: 1 }),
  send({ id: "a", text: ["x"] }),
  send({ id: "a", text: "x", kept: -1 }),
  send({ a: { b: { c: { d: { e: { f: { g: [[[[[[{}]]]]]] } } } } } } }),
  req("clearLog", { all: true }),
  req("joinTab", { tabId: -1 }),
  req("delivered", { reports: [] }),
  { k: "stream", id: "s1", name: "reply", input: {}, next: 5, upTo: 1 },
  { k: "upload", id: 7, name: "file", input: {} },
  ...[null, {}, { type: "stream-nope", id: "s" }].map((m) => ({ k: "st", m })),
  { k: "st", m: { type: "stream-chunk", id: "s", data: 1 } },
  JSON.parse(
    '{"k": "req", "id": "p", "name": "send", "input": {"__proto__": {"text": "x"}, "id": "p"}}'
  )
]

/** What the worker posts for a message on a port that said hello. */
export type Answer =
  { k: "err"; id: string | null } | { k: "res" | "pong" | "st" | "none" }

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" &&
  value !== null &&
  Object.getPrototypeOf(value) === Object.prototype
const isId = (value: unknown): value is string =>
  typeof value === "string" &&
  value.length > 0 &&
  value.length <= 128 &&
  !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(
    value
  )
const isName = (value: unknown) =>
  typeof value === "string" && value.length <= 128
const isCount = (value: unknown): value is number =>
  Number.isSafeInteger(value) && (value as number) >= 0
const STREAM_TYPES = ["grant", "chunk", "resume", "end", "done", "cancel"]

/** Whether `m` is a stream message the package reads (its fields, roughly). */
function isStreamMessage(m: unknown): boolean {
  if (!isRecord(m) || !isId(m.id) || typeof m.type !== "string") return false
  if (m.type === "stream-error") return isName(m.code)
  if (!STREAM_TYPES.includes(m.type.replace(/^stream-/, ""))) return false
  if (m.type === "stream-chunk") return isCount(m.index)
  if (m.type === "stream-grant") return isCount(m.next) && isCount(m.upTo)
  if (m.type === "stream-end" || m.type === "stream-done")
    return isCount(m.count)
  return m.type !== "stream-cancel" || isName(m.code)
}

/** Whether request `name`'s handler refuses an input its check let through. */
function refusedByHandler(name: string, input: unknown): boolean {
  if (name !== "send") return false
  const text = (input as { text: string }).text.trim()
  return text.length === 0 || text.length > config.maxMessageLength
}

/**
 * What the worker answers `raw` with, read as mv3-port reads it (after the
 * copy the port makes): an unreadable message, an unknown request or one
 * whose input fails the protocol's check gets an `err` (with the request id
 * when it had a well-formed one); a request that passes gets its `res`.
 */
export function answerTo(raw: unknown): Answer {
  const sent: unknown = JSON.parse(JSON.stringify(raw) ?? "null")
  const bad = (id: string | null = null): Answer => ({ k: "err", id })
  if (!isRecord(sent)) return bad()
  const { k, id, name, input } = sent
  if (k === "hello") return { k: "none" } // one hello per port
  if (k === "ping") return { k: "pong" }
  if (k === "st") {
    if (!isStreamMessage(sent.m)) return bad()
    // A stray message gets `stream-closed`; a stray error, nothing.
    return {
      k: (sent.m as { type: string }).type === "stream-error" ? "none" : "st"
    }
  }
  if ((k !== "req" && k !== "stream" && k !== "upload") || !isId(id)) {
    return bad()
  }
  if (!isName(name)) return bad(id)
  if (k === "stream") {
    const { next, upTo } = sent
    return isCount(next) && isCount(upTo) && next <= upTo
      ? { k: "st" }
      : bad(id)
  }
  if (k === "upload") return { k: "st" }
  const requests: Record<string, { input: (value: unknown) => boolean }> =
    conversation.requests
  if (!Object.hasOwn(requests, name as string)) return bad(id)
  if (!requests[name as string].input(input)) return bad(id)
  return refusedByHandler(name as string, input) ? bad(id) : { k: "res" }
}

/** 1,000 generated malformed values from a seeded PRNG (printed, replayable). */
export function generated(seed: number, count: number): unknown[] {
  let state = seed >>> 0
  const rand = () => (state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]
  const words = ["req", "hello", "ping", "st", "send", "welcome", "file", ""]
  const keys = ["k", "id", "name", "input", "data", "m", "text", "port"]
  const value = (depth: number): unknown => {
    switch (Math.floor(rand() * (depth > 3 ? 5 : 8))) {
      case 0:
        return null
      case 1:
        return Math.floor(rand() * 2e9) - 1e9
      case 2:
        return rand() < 0.5
      case 3:
        return "s".repeat(Math.floor(rand() * 20))
      case 4:
        return pick(words)
      case 5:
        return Array.from({ length: Math.floor(rand() * 4) }, () =>
          value(depth + 1)
        )
      default: {
        const obj: Record<string, unknown> = {}
        for (let i = Math.floor(rand() * 4); i > 0; i--) {
          obj[pick(keys)] = value(depth + 1)
        }
        return obj
      }
    }
  }
  // Half are requests (known names or not) around inputs that fail.
  const candidate = (i: number): unknown =>
    i % 2
      ? value(0)
      : {
          k: "req",
          id: `gen-${i}`,
          name: pick(["send", "delivered", "clearLog", "joinTab", "nope"]),
          input: value(1)
        }
  const out: unknown[] = []
  for (let i = 0; out.length < count; i++) {
    const raw = candidate(i)
    if (answerTo(raw).k === "err") out.push(raw)
  }
  return out
}
