/** This page's random part of every id it makes; drawn once, on first use. */
let prefix: string | undefined
let counter = 0

/**
 * A fresh request id, unique across reconnects and across the views of one
 * extension: a random prefix per page (randomUUID needs a secure context,
 * which every extension page and worker is) and a counter, so a burst of
 * requests draws no randomness each.
 */
export function newId(): string {
  prefix ??= crypto.randomUUID()
  return `${prefix}-${(++counter).toString(36)}`
}
