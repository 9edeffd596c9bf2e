/**
 * The Standard Schema interface (https://standardschema.dev, spec 1.1.0),
 * copied as types so that zod, valibot, arktype and any other validator
 * that implements it plug in without the package depending on any of them.
 * Flattened from the spec's namespace; structurally the same.
 */

/** A validator that follows the Standard Schema spec. */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly "~standard": StandardProps<Input, Output>
}

/** The `~standard` property of a Standard Schema validator. */
export interface StandardProps<Input = unknown, Output = Input> {
  readonly version: 1
  readonly vendor: string
  readonly validate: (
    value: unknown,
    options?: StandardOptions
  ) => StandardResult<Output> | Promise<StandardResult<Output>>
  readonly types?: StandardTypes<Input, Output> | undefined
}

/** Options a validator may take (the spec's `Options`). */
export interface StandardOptions {
  readonly libraryOptions?: Record<string, unknown> | undefined
}

/** What `validate` gives: the value, or the issues. */
export type StandardResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | { readonly issues: ReadonlyArray<StandardIssue> }

/** One problem a validator found. */
export interface StandardIssue {
  readonly message: string
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }>
}

/** The types a validator carries, for inference only. */
export interface StandardTypes<Input = unknown, Output = Input> {
  readonly input: Input
  readonly output: Output
}
