// Builders for the store-check unit tests: a package that passes every
// offline check, and PNGs drawn with pngjs.
import { PNG } from "~scripts/store-check/png"
import type { FileMap, Manifest } from "~scripts/store-check/types"

/** A square RGBA PNG: transparent, with an opaque square inset by `padding`. */
export function iconPng(size: number, padding = size / 8): Uint8Array {
  const data = Buffer.alloc(size * size * 4)
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const inside =
        x >= padding && y >= padding && x < size - padding && y < size - padding
      if (inside) data.set([40, 90, 200, 255], (y * size + x) * 4)
    }
  }
  return PNG.sync.write(image(size, size, data))
}

/** A pngjs image of `data` (RGBA, 4 bytes a pixel). */
function image(width: number, height: number, data: Buffer): PNG {
  const png = new PNG({ width, height })
  png.data = data
  return png
}

/** A solid image; colorType 2 is 24-bit RGB (no alpha), 6 is RGBA. */
export function solidPng(
  width: number,
  height: number,
  options: { colorType?: 2 | 6; alpha?: number } = {}
): Uint8Array {
  const data = Buffer.alloc(width * height * 4)
  for (let i = 0; i < width * height; i++) {
    data.set([250, 250, 250, options.alpha ?? 255], i * 4)
  }
  return PNG.sync.write(image(width, height, data), {
    colorType: options.colorType ?? 2
  })
}

const enc = (s: string) => new TextEncoder().encode(s)

export function goodManifest(): Manifest {
  const icons = {
    "16": "icon16.png",
    "48": "icon48.png",
    "128": "icon128.png"
  }
  return {
    manifest_version: 3,
    name: "Popup to Background Messaging",
    description: "Example extension using ports between popup and background.",
    version: "1.0.0",
    icons,
    action: { default_icon: icons, default_popup: "popup.html" },
    background: { service_worker: "static/background/index.js" },
    side_panel: { default_path: "sidepanel.html" },
    permissions: ["sidePanel", "storage", "activeTab", "scripting"],
    content_security_policy: {
      extension_pages:
        "default-src 'self'; script-src 'self'; object-src 'self'; style-src 'self'; img-src 'self' *; connect-src 'self'"
    }
  }
}

export function page(script: string): string {
  return `<!DOCTYPE html><html><head><link rel="stylesheet" href="/popup.css"><title>t</title></head><body><div id="__plasmo"></div><script src="${script}" defer></script></body></html>`
}

let icons: [string, Uint8Array][] | null = null

/** A package that passes every offline check. */
export function goodFiles(manifest: Manifest = goodManifest()): FileMap {
  icons ??= [
    ["icon16.png", iconPng(16, 2)],
    ["icon48.png", iconPng(48, 6)],
    ["icon128.png", iconPng(128, 16)]
  ]
  return new Map<string, Uint8Array>([
    ["manifest.json", enc(JSON.stringify(manifest))],
    ...icons,
    ["popup.html", enc(page("/popup.js"))],
    ["sidepanel.html", enc(page("/sidepanel.js"))],
    ["popup.css", enc("body{margin:0}")],
    [
      "popup.js",
      enc(
        'var parcelRequire41fe={};chrome.storage.local.get("x");chrome.runtime.connect()'
      )
    ],
    [
      "sidepanel.js",
      enc("chrome.sidePanel.setOptions({});const medieval=()=>1;medieval(2)")
    ],
    [
      "static/background/index.js",
      enc(
        'chrome.runtime.onConnect.addListener(()=>{});setTimeout(f,10);chrome.scripting.executeScript({target:{tabId:1},files:["w.js"]})'
      )
    ]
  ])
}

export function withFile(
  files: FileMap,
  path: string,
  content: string | Uint8Array
): FileMap {
  const copy = new Map(files)
  copy.set(path, typeof content === "string" ? enc(content) : content)
  return copy
}

export function withManifest(
  change: (manifest: Manifest) => void,
  files: FileMap = goodFiles()
): FileMap {
  const manifest = goodManifest()
  change(manifest)
  return withFile(files, "manifest.json", JSON.stringify(manifest))
}

export function messages(result: { problems: { message: string }[] }): string {
  return result.problems.map((p) => p.message).join("\n")
}
