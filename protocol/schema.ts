/**
 * Runtime checks that are also types: each guard accepts exactly the values
 * of the type `Infer` gives for it, so a message is declared once and both
 * its TypeScript type and its parser come from that declaration. Hand-written
 * rather than a schema library: the popup ships it, and the protocol needs
 * only strict plain objects, strings, numbers, literals and bounded arrays.
 *
 * Objects are strict in one declared way: own keys only, a plain prototype,
 * and any key the shape does not declare is a failure (Chrome copies what
 * crosses a port, so a parsed value never shares an object with its sender).
 */

/** A type guard; `optional` marks a field that may be absent from its object. */
export type Guard<T> = ((value: unknown) => value is T) & {
  readonly optional?: true
}

/** The fields of a strict object, each with its guard. */
export type Shape = Readonly<Record<string, Guard<unknown>>>

type GuardType<G> = G extends Guard<infer T> ? T : never
type OptionalKeys<S extends Shape> = {
  [K in keyof S]: S[K] extends { optional: true } ? K : never
}[keyof S]
type Flatten<T> = { [K in keyof T]: T[K] } & {}

/** The object type a shape describes. */
export type Infer<S extends Shape> = Flatten<
  { [K in Exclude<keyof S, OptionalKeys<S>>]: GuardType<S[K]> } & {
    [K in OptionalKeys<S>]?: GuardType<S[K]>
  }
>

type Dict = Record<string, unknown>

/** A plain object (not an array, not a class instance, not null). */
export function isDict(value: unknown): value is Dict {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.getPrototypeOf(value) === Object.prototype
  )
}

/** `obj[key]` when it is `obj`'s own property, else undefined (never the prototype's). */
export function own(obj: Dict, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined
}

/**
 * True when `obj` has only keys `shape` declares, each accepted by its
 * guard, and every key it requires. Undeclared keys are looked for first,
 * so no guard walks a value of an object that has one.
 */
function fits(shape: Shape, obj: Dict): boolean {
  for (const key in obj) {
    if (!Object.prototype.hasOwnProperty.call(shape, key)) return false
  }
  for (const key in shape) {
    const guard = shape[key]
    const present = Object.prototype.hasOwnProperty.call(obj, key)
    if (present ? !guard(obj[key]) : !guard.optional) return false
  }
  return true
}

/** A strict object of `shape`. */
export function object<S extends Shape>(shape: S): Guard<Infer<S>> {
  return ((value: unknown) => isDict(value) && fits(shape, value)) as Guard<
    Infer<S>
  >
}

/**
 * The same guard, for a field that may be absent. A present `undefined`
 * counts as absent: JSON drops it in transit, structured clone keeps it.
 */
export function optional<T>(
  guard: Guard<T>
): Guard<T | undefined> & { optional: true } {
  const check = ((value: unknown) =>
    value === undefined || guard(value)) as Guard<T | undefined> & {
    optional: true
  }
  Object.defineProperty(check, "optional", { value: true })
  return check
}

/** One of the given strings. */
export function oneOf<const T extends readonly string[]>(
  values: T
): Guard<T[number]> {
  return ((value: unknown) =>
    (values as readonly unknown[]).includes(value)) as Guard<T[number]>
}

/** A string of `min` to `max` characters. */
export function string(min = 0, max = Infinity): Guard<string> {
  return ((value: unknown) =>
    typeof value === "string" &&
    value.length >= min &&
    value.length <= max) as Guard<string>
}

/** A finite number from `min` to `max`. */
export function number(min = -Infinity, max = Infinity): Guard<number> {
  return ((value: unknown) =>
    typeof value === "number" &&
    Number.isFinite(value) &&
    value >= min &&
    value <= max) as Guard<number>
}

/** A whole number from `min` to `max`. */
export function integer(min: number, max: number): Guard<number> {
  return ((value: unknown) =>
    Number.isSafeInteger(value) &&
    (value as number) >= min &&
    (value as number) <= max) as Guard<number>
}

/** A whole number from 0 up (a count or a sequence number). */
export const count: Guard<number> = ((value: unknown) =>
  Number.isSafeInteger(value) && (value as number) >= 0) as Guard<number>

/**
 * An `ArrayBuffer` of `min` to `max` bytes: what structured-clone messaging
 * carries a file's bytes as. Checked by its tag rather than `instanceof`, so
 * a buffer from another realm counts, and a typed array or a view does not.
 */
export function bytes(min: number, max: number): Guard<ArrayBuffer> {
  return ((value: unknown) =>
    Object.prototype.toString.call(value) === "[object ArrayBuffer]" &&
    (value as ArrayBuffer).byteLength >= min &&
    (value as ArrayBuffer).byteLength <= max) as Guard<ArrayBuffer>
}

/** Exactly `true` (a flag that is absent when false). */
export const isTrue = ((value: unknown) => value === true) as Guard<true>

/** The value itself or null. */
export function nullable<T>(guard: Guard<T>): Guard<T | null> {
  return ((value: unknown) => value === null || guard(value)) as Guard<T | null>
}

/**
 * An array of `min` to `max` items, each accepted by `item`. Structured
 * clone carries sparse arrays: a hole is refused (`every` would skip it),
 * and the length is checked before any item is looked at, so a huge sparse
 * array costs nothing.
 */
export function arrayOf<T>(
  item: Guard<T>,
  min: number,
  max: number
): Guard<T[]> {
  return ((value: unknown) => {
    if (!Array.isArray(value) || value.length < min || value.length > max) {
      return false
    }
    for (let i = 0; i < value.length; i++) {
      if (!(i in value) || !item(value[i])) return false
    }
    return true
  }) as Guard<T[]>
}

/**
 * A string of `min` to `max` characters with no lone surrogate: storage
 * and JSON replace one with U+FFFD, so an id holding one would not match
 * itself after a round trip through `chrome.storage`.
 */
export function wellFormed(min: number, max: number): Guard<string> {
  const sized = string(min, max)
  return ((value: unknown) =>
    sized(value) &&
    (
      value as string & { isWellFormed(): boolean }
    ).isWellFormed()) as Guard<string>
}

/** A string of `min` to `max` letters, digits, `-` and `_` (no control, no space, no mark). */
export function token(min: number, max: number): Guard<string> {
  const pattern = new RegExp(`^[A-Za-z0-9_-]{${min},${max}}$`)
  return ((value: unknown) =>
    typeof value === "string" && pattern.test(value)) as Guard<string>
}
