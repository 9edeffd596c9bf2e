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
    const array = Array.isArray(node)
    // An array's length is checked before any key is read: it is what costs.
    if (array ? node.length > MAX_NODES - nodes : !isRecord(node)) return false
    const keys = Object.keys(node)
    // Own keys list an array's indices first, ascending: index i at place i
    // for every i below the length means no hole and no other field.
    const fits = array
      ? keys.length === node.length && keys.every((key, i) => key === `${i}`)
      : keys.length <= MAX_NODES - nodes
    if (!fits) return false
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
