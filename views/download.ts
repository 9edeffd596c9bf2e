/**
 * Saving a view's data as a file, for every export (the Ports panel's, the
 * conversation's): a download the page starts itself, which needs no
 * `downloads` permission.
 */

/** "<prefix>-2026-12-03T10-20-30.<extension>": sortable, and valid on every file system. */
export function stampedFileName(
  prefix: string,
  at: number,
  extension: string
): string {
  const stamp = new Date(at).toISOString().slice(0, 19).replace(/:/g, "-")
  return `${prefix}-${stamp}.${extension}`
}

/**
 * Saves `text` as a file through an `<a download>`: a download started by
 * the page itself, which needs no `downloads` permission.
 * https://developer.mozilla.org/docs/Web/HTML/Element/a#download
 */
export function downloadText(
  fileName: string,
  text: string,
  type = "application/json"
): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const link = document.createElement("a")
  link.href = url
  link.download = fileName
  link.click()
  // The click has started the download; the URL is not needed after this task.
  setTimeout(() => URL.revokeObjectURL(url), 0)
}
