/**
 * The English texts of the conversation's Export controls (the files'
 * own layout is in views/timeline-export.ts).
 */

/** The controls' group, for assistive technology. */
export const EXPORT_GROUP_LABEL = "Export the conversation"

export const EXPORT_JSON_LABEL = "Export JSON"
export const EXPORT_TEXT_LABEL = "Export text"

/** What each button saves, on hover. */
export const EXPORT_JSON_TITLE = "Save the conversation as a JSON file"
export const EXPORT_TEXT_TITLE = "Save the conversation as a text file"

/** Why both are disabled: shown beside them, since a disabled button takes no focus. */
export const EXPORT_EMPTY_REASON = "Nothing to export yet."
