export * from "./errors"
export * from "./messages"
export * from "./parse"
export * from "./parse-from-views"
