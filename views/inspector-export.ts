import { stampedFileName } from "./download"
import type { InspectorFilter, InspectorSnapshot } from "./inspector-model"
import type { InspectorRow } from "./inspector-rows"

/** Names the file's layout, so a reader can tell this version from a later one. */
const INSPECTOR_EXPORT_FORMAT = "ports-inspector/1"

/** One exported row: the row's own fields, with `at` as an ISO time beside the ms. */
type ExportedRow = Omit<InspectorRow, "key"> & { time: string }

/** What Export writes. */
interface InspectorExport {
  format: typeof INSPECTOR_EXPORT_FORMAT
  exportedAt: string
  /** The filter the rows were shown with (null: every view, every type). */
  filter: InspectorFilter
  /** Rows the inspector had dropped to stay within its bound before these. */
  dropped: number
  rows: ExportedRow[]
}

/** The rows the panel shows, as a JSON document (what Export downloads). */
export function inspectorExport(
  snapshot: InspectorSnapshot,
  exportedAt: number
): InspectorExport {
  return {
    format: INSPECTOR_EXPORT_FORMAT,
    exportedAt: new Date(exportedAt).toISOString(),
    filter: snapshot.filter,
    dropped: snapshot.dropped,
    rows: snapshot.rows.map(({ key: _key, ...row }) => ({
      ...row,
      time: new Date(row.at).toISOString()
    }))
  }
}

/** "ports-2026-12-03T10-20-30.json": sortable, and valid on every file system. */
export function exportFileName(exportedAt: number): string {
  return stampedFileName("ports", exportedAt, "json")
}
