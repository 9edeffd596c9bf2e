import { defineProtocol } from "mv3-port"

const isText = (value: unknown): value is string => typeof value === "string"

/** One definition for both sides: each request's input and output check. */
export const protocol = defineProtocol({
  requests: { upper: { input: isText, output: isText } }
})
