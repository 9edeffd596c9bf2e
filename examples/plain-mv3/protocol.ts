// One definition for both sides: each request's input and output check.
const isText = (value: unknown): value is string => typeof value === "string"
const upper = { input: isText, output: isText }
export const protocol = { requests: { upper } }
