/** This page's random part of every id it makes; drawn once, on first use. */
let prefix: string | undefined
let counter = 0

/**
 * A fresh request id, unique across reconnects and across the views of one
 * extension: a random prefix per page (randomUUID needs a secure context,
 * which every extension page is; the fallback serves tests and other
 * hosts) and a counter, so a burst of requests draws no randomness each.
 */
export function newId(): string {
  prefix ??=
    globalThis.crypto?.randomUUID?.() ?? Math.random().toString(36).slice(2)
  return `${prefix}-${(++counter).toString(36)}`
}
