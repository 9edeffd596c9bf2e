/**
 * One protocol definition gives both sides their types and their runtime
 * checks: each request's input and output, and each event's data, is a
 * Standard Schema validator (zod, valibot, arktype, …) or a plain type
 * guard. Adding a request is one edit, checked the same way both ways.
 */
import { isPlainData } from "./plain-data"
import type { StandardSchemaV1 } from "./standard-schema"

/** A type guard: `(value) => value is T`. */
export type Guard<T> = (value: unknown) => value is T

/** How one value is checked: a Standard Schema validator or a type guard. */
export type Check<In = unknown, Out = In> =
  StandardSchemaV1<In, Out> | Guard<Out>

/** One request: what the view sends and what the worker answers. */
export interface RequestDefinition {
  input: Check
  output: Check
}

/** What `defineProtocol` takes. */
export interface ProtocolDefinition {
  requests: Record<string, RequestDefinition>
  events?: Record<string, Check>
}

/** What a check accepts (a schema's input; a guard's type). */
export type InputOf<C> =
  C extends StandardSchemaV1<infer In, unknown>
    ? In
    : C extends Guard<infer T>
      ? T
      : never

/** What a check gives (a schema's output; a guard's type). */
export type OutputOf<C> =
  C extends StandardSchemaV1<unknown, infer Out>
    ? Out
    : C extends Guard<infer T>
      ? T
      : never

/** The names of a protocol's requests. */
export type RequestName<P extends ProtocolDefinition> = keyof P["requests"] &
  string

/** The names of a protocol's events. */
export type EventName<P extends ProtocolDefinition> = keyof NonNullable<
  P["events"]
> &
  string

/** What a view passes to `request(name, …)`. */
export type RequestInput<
  P extends ProtocolDefinition,
  N extends RequestName<P>
> = InputOf<P["requests"][N]["input"]>

/** What `request(name, …)` resolves to. */
export type RequestOutput<
  P extends ProtocolDefinition,
  N extends RequestName<P>
> = OutputOf<P["requests"][N]["output"]>

/** What an event listener receives. */
export type EventData<
  P extends ProtocolDefinition,
  N extends EventName<P>
> = OutputOf<NonNullable<P["events"]>[N]>

/**
 * Declares a protocol; it returns the definition as it is, typed, for
 * `createPortClient` and `createPortServer` to share.
 */
export function defineProtocol<const P extends ProtocolDefinition>(
  definition: P
): P {
  return definition
}

/** The checked value, or null when `value` fails `check` (or is not plain data). */
export async function validate(
  check: Check,
  value: unknown
): Promise<{ value: unknown } | null> {
  if (!isPlainData(value)) return null
  // An arktype type is a function with `~standard`: look for the schema first.
  if ("~standard" in check) {
    const result = await check["~standard"].validate(value)
    return result.issues ? null : { value: result.value }
  }
  return check(value) ? { value } : null
}

/** True when `name` is one of `table`'s own keys (not `toString`, not `__proto__`). */
export function has<T extends object>(
  table: T | undefined,
  name: string
): name is keyof T & string {
  return table !== undefined && Object.hasOwn(table, name)
}
