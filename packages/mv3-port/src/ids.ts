let counter = 0

/** A fresh request id, unique across reconnects and across the views of one extension. */
export function newId(): string {
  // randomUUID needs a secure context, which every extension page is;
  // the fallback serves tests and other hosts.
  if (typeof globalThis.crypto?.randomUUID === "function") {
    return globalThis.crypto.randomUUID()
  }
  counter++
  return `${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2)}`
}
