/**
 * Chrome 148 posts port messages by structured clone
 * (`"message_serialization": "structured_clone"`), so what arrives may be a
 * Map, a Date, a cycle, or an array of length 2³²−1 that is one element:
 * cheap to send, and ruinous to walk index by index. Before any validator
 * sees a value, it must be plain data, checked within a budget of nodes
 * that bounds the cost whatever the value claims to be.
 * https://developer.chrome.com/docs/extensions/develop/concepts/messaging
 */

/** Most nodes (values) one message may hold. */
export const MAX_NODES = 10_000
/** Deepest nesting one message may have. */
export const MAX_DEPTH = 64

const BINARY = /^\[object (ArrayBuffer|DataView|[A-Z][a-z0-9]*Array)\]$/

/**
 * True when `value` is primitives, plain objects, dense arrays and binary
 * buffers only, without cycles, within `MAX_NODES` and `MAX_DEPTH`.
 */
export function isPlainData(value: unknown): boolean {
  let nodes = 0
  const ancestors = new Set<object>()

  function visit(node: unknown, depth: number): boolean {
    if (++nodes > MAX_NODES || depth > MAX_DEPTH) return false
    if (typeof node !== "object" || node === null) {
      return typeof node !== "function" && typeof node !== "symbol"
    }
    if (ancestors.has(node)) return false
    if (BINARY.test(Object.prototype.toString.call(node))) return true
    let keys: readonly string[]
    if (Array.isArray(node)) {
      // The length is checked before any index is read: it is what costs.
      if (node.length > MAX_NODES - nodes) return false
      for (let i = 0; i < node.length; i++) if (!(i in node)) return false
      keys = Object.keys(node)
      if (keys.length !== node.length) return false
    } else {
      const proto = Object.getPrototypeOf(node)
      if (proto !== Object.prototype && proto !== null) return false
      keys = Object.keys(node)
      if (keys.length > MAX_NODES - nodes) return false
    }
    ancestors.add(node)
    const record = node as Record<string, unknown>
    const ok = keys.every((key) => visit(record[key], depth + 1))
    ancestors.delete(node)
    return ok
  }

  return visit(value, 0)
}

/** True for a plain object: its fields can be read one by one without walking it. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/** Longest request id accepted (a UUID is 36). */
export const MAX_ID_LENGTH = 128

/** True for a request id: a short string with no lone surrogate. */
export function isId(value: unknown): value is string {
  return (
    typeof value === "string" &&
    value.length > 0 &&
    value.length <= MAX_ID_LENGTH &&
    // isWellFormed is ES2024; the TypeScript lib here stops at ES2022.
    (value as string & { isWellFormed(): boolean }).isWellFormed()
  )
}
