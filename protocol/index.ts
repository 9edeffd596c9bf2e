export * from "./errors"
export * from "./messages"
export * from "./parse"
export * from "./parse-client"
