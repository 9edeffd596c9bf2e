import { createHash } from "node:crypto"
import { readFileSync } from "node:fs"
import { join } from "node:path"

/**
 * The id Chrome gives an extension whose manifest carries `key` (base64 of
 * its DER public key, whitespace allowed): the first 128 bits of the key's
 * SHA-256, each hex digit 0-f spelled with the letters a-p.
 */
export function extensionIdFromKey(base64Key: string): string {
  const der = Buffer.from(base64Key.replace(/\s+/g, ""), "base64")
  if (der.length === 0) throw new Error("The manifest key is empty")
  return createHash("sha256")
    .update(der)
    .digest("hex")
    .slice(0, 32)
    .replace(/[0-9a-f]/g, (digit) =>
      String.fromCharCode(97 + parseInt(digit, 16))
    )
}

/** The id of the unpacked extension in `dir` (its manifest must have a key). */
export function extensionIdOf(dir: string): string {
  const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"))
  if (typeof manifest.key !== "string") {
    throw new Error(`${dir}/manifest.json has no key: its id would be random`)
  }
  return extensionIdFromKey(manifest.key)
}
