import { generateKeyPairSync } from "node:crypto"
import { mkdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"

/** How an extension's messages are serialised (Chrome's manifest key, or its JSON default). */
export type Serialization = "json" | "structured_clone"

// The worker: echoes every message on its port, or for a chunk of an upload
// (stream "upload", in mv3-port's wire) answers only with a grant past it
// (the bytes stay in the worker, as an upload's do).
const WORKER = `chrome.runtime.onConnect.addListener((port) => {
  port.onMessage.addListener((message) => {
    const m = message && message.k === "st" ? message.m : null
    if (m && m.id === "upload") {
      const next = m.index + 1
      port.postMessage({ k: "st", m: { type: "stream-grant", id: m.id, next, upTo: next } })
    } else port.postMessage(message)
  })
})`

/**
 * Writes a minimal extension into `dir`: an echoing worker (or `worker`,
 * the source of another) and a blank page the measurements run in, with
 * `serialization` in its manifest.
 */
export function writeEchoExtension(
  dir: string,
  serialization: Serialization,
  worker = WORKER
): void {
  mkdirSync(dir, { recursive: true })
  // A key pins the id (chrome-extension://<id>/page.html) to the key.
  const { publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 })
  const key = publicKey
    .export({ type: "spki", format: "der" })
    .toString("base64")
  const manifest = {
    manifest_version: 3,
    name: `Serialization probe (${serialization})`,
    version: "1.0.0",
    key,
    background: { service_worker: "worker.js" },
    ...(serialization === "structured_clone"
      ? { message_serialization: "structured_clone" }
      : {})
  }
  writeFileSync(join(dir, "manifest.json"), JSON.stringify(manifest, null, 2))
  writeFileSync(join(dir, "worker.js"), worker)
  writeFileSync(join(dir, "page.html"), "<!doctype html><title>probe</title>")
}
