import { lazy } from "react"

/**
 * The view's parts the first paint does not need, in one chunk loaded right
 * after it. Parcel splits a dynamic import() into a file of its own in this
 * extension, loaded at run time (script-src 'self' allows it); the popup's
 * first script then holds only the tutorial's core.
 */
export const ViewExtras = lazy(() =>
  import("./ViewExtras").then((module) => ({ default: module.ViewExtras }))
)
