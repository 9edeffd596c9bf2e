/**
 * One protocol definition gives both sides their types and their runtime
 * checks: each request's input and output, each event's data, and each
 * stream's or upload's input, chunk and output, is a Standard Schema
 * validator (zod, valibot, arktype, …) or a plain type guard. Adding a
 * request is one edit, checked the same way both ways.
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

/** One stream: what the view opens it with, and each chunk the worker yields. */
export interface StreamDefinition {
  input: Check
  chunk: Check
}

/** One upload: what the view opens it with, each chunk it writes, and the worker's answer. */
export interface UploadDefinition {
  input: Check
  chunk: Check
  output: Check
}

/** What `defineProtocol` takes. */
export interface ProtocolDefinition {
  /**
   * What a view says of itself when it connects (its kind, an id): the
   * client's `hello` option, checked by the server, read by handlers as
   * `peer.meta`.
   */
  hello?: Check
  requests: Record<string, RequestDefinition>
  events?: Record<string, Check>
  streams?: Record<string, StreamDefinition>
  uploads?: Record<string, UploadDefinition>
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

/** What a view passes as `hello`: undefined when the protocol declares none. */
export type HelloInput<P extends ProtocolDefinition> = P extends {
  hello: infer C
}
  ? InputOf<C>
  : undefined

/** What a handler reads as `peer.meta`: the checked hello, or true when the protocol declares none. */
export type HelloOutput<P extends ProtocolDefinition> = P extends {
  hello: infer C
}
  ? OutputOf<C>
  : true

/** The client's `hello` option: required when the protocol declares one. */
export type HelloOption<P extends ProtocolDefinition> = P extends {
  hello: Check
}
  ? { hello: HelloInput<P> }
  : { hello?: undefined }

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

/** The names of a protocol's streams. */
export type StreamName<P extends ProtocolDefinition> = keyof NonNullable<
  P["streams"]
> &
  string

/** What a view passes to `stream(name, …)`. */
export type StreamInput<
  P extends ProtocolDefinition,
  N extends StreamName<P>
> = InputOf<NonNullable<P["streams"]>[N]["input"]>

/** One chunk of stream `name`: what its handler yields and the view reads. */
export type StreamChunk<
  P extends ProtocolDefinition,
  N extends StreamName<P>
> = OutputOf<NonNullable<P["streams"]>[N]["chunk"]>

/** The names of a protocol's uploads. */
export type UploadName<P extends ProtocolDefinition> = keyof NonNullable<
  P["uploads"]
> &
  string

/** What a view passes to `upload(name, …)`. */
export type UploadInput<
  P extends ProtocolDefinition,
  N extends UploadName<P>
> = InputOf<NonNullable<P["uploads"]>[N]["input"]>

/** What a view writes to upload `name`'s sink. */
export type UploadChunk<
  P extends ProtocolDefinition,
  N extends UploadName<P>
> = InputOf<NonNullable<P["uploads"]>[N]["chunk"]>

/** One checked chunk of upload `name`, as its handler reads it. */
export type UploadChunkOutput<
  P extends ProtocolDefinition,
  N extends UploadName<P>
> = OutputOf<NonNullable<P["uploads"]>[N]["chunk"]>

/** What upload `name`'s handler answers, and its sink's `close()` resolves to. */
export type UploadOutput<
  P extends ProtocolDefinition,
  N extends UploadName<P>
> = OutputOf<NonNullable<P["uploads"]>[N]["output"]>

/**
 * Declares a protocol; it returns the definition as it is, typed, for
 * `createPortClient` and `createPortServer` to share.
 */
export function defineProtocol<const P extends ProtocolDefinition>(
  definition: P
): P {
  return definition
}

/** What `validate` gives: the checked value, or null. */
export type Checked = { value: unknown } | null

/**
 * The checked value, or null when `value` fails `check` (or is not plain
 * data); a promise only for a schema, so that a guard function costs no
 * promise on every message.
 */
export function validate(
  check: Check,
  value: unknown
): Checked | Promise<Checked> {
  if (!isPlainData(value)) return null
  // An arktype type is a function with `~standard`: look for the schema first.
  if ("~standard" in check) return bySchema(check, value)
  return check(value) ? { value } : null
}

async function bySchema(
  check: StandardSchemaV1,
  value: unknown
): Promise<Checked> {
  const result = await check["~standard"].validate(value)
  return result.issues ? null : { value: result.value }
}

/** True when `name` is one of `table`'s own keys (not `toString`, not `__proto__`). */
export function has<T extends object>(
  table: T | undefined,
  name: string
): name is keyof T & string {
  return table !== undefined && Object.hasOwn(table, name)
}
