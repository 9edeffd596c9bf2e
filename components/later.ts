import { lazy } from "react"

/**
 * The view's parts the first paint does not need, in one chunk loaded right
 * after it. Parcel splits a dynamic import() into its own file, which its
 * runtime adds as a <script> of this extension (allowed by script-src
 * 'self'); the popup's first script then holds only the tutorial's core.
 */
const extras = () => import("./ViewExtras")

export const ViewExtras = lazy(() =>
  extras().then((module) => ({ default: module.ViewExtras }))
)

export const TimelineExport = lazy(() =>
  extras().then((module) => ({ default: module.TimelineExport }))
)
