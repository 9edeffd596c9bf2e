import { createHash } from "node:crypto"
import { readFileSync } from "node:fs"
import { join } from "node:path"

/** The id Chrome gives an unpacked extension whose manifest carries `key`. */
export function extensionIdFromKey(base64Key: string): string {
  const hex = createHash("sha256")
    .update(Buffer.from(base64Key, "base64"))
    .digest("hex")
    .slice(0, 32)
  // Chrome spells the first 128 bits of the hash with the letters a-p.
  return [...hex]
    .map((digit) => String.fromCharCode(97 + parseInt(digit, 16)))
    .join("")
}

/** The id of the unpacked extension in `dir` (its manifest must have a key). */
export function extensionIdOf(dir: string): string {
  const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"))
  if (typeof manifest.key !== "string") {
    throw new Error(`${dir}/manifest.json has no key: its id would be random`)
  }
  return extensionIdFromKey(manifest.key)
}
