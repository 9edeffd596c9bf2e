// Functions that run inside an extension page (sent as source by inPage) to
// set what the extension's chrome.storage.session holds.

/** Replaces everything in the extension's session storage with `items`. */
export async function replaceSessionItems(
  items: Record<string, unknown>
): Promise<number> {
  await chrome.storage.session.clear()
  await chrome.storage.session.set(items)
  return Object.keys(await chrome.storage.session.get(null)).length
}
