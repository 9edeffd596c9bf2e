import { createServer } from "node:http"
import type { AddressInfo } from "node:net"

/** What the hostile page's script found, read by the test from the page's own world. */
export interface HostileProbe {
  /** The widget's host element is in the page. */
  host: boolean
  /** `host.shadowRoot` was not null. */
  shadowRoot: boolean
  /** Shadow roots the page's patched `attachShadow` caught. */
  stolen: number
  /** What the page can read of the widget: the host's own text. */
  hostText: string
  /** `typeof chrome.runtime.connect` in the page's world. */
  runtime: string
  /** An injected `onerror` ran. */
  pwned: boolean
}

/**
 * A web page that does what a hostile page can: its script patches
 * `attachShadow` to catch any shadow root made in its world, styles every
 * element, and reports what it can reach of the widget.
 */
const HOSTILE_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Join test page</title>
<style>
  * { color: #b00020 !important; font-family: serif !important; }
  body { margin: 0; padding: 24px; background: #fdf6e3; }
</style></head>
<body><h1>A page the widget joins</h1>
<p>Its own text, styles and scripts.</p>
<script>
  const stolen = []
  const attach = Element.prototype.attachShadow
  Element.prototype.attachShadow = function (init) {
    const root = attach.call(this, init)
    stolen.push(root)
    return root
  }
  window.probe = () => {
    const host = document.querySelector("popup-to-background-widget")
    return {
      host: host !== null,
      shadowRoot: host ? host.shadowRoot !== null : false,
      stolen: stolen.length,
      hostText: host ? host.textContent + host.innerText : "",
      runtime: typeof globalThis.chrome?.runtime?.connect,
      pwned: window.pwned === true
    }
  }
</script></body></html>`

/** Serves the test page at http://127.0.0.1:<port>/page.html. */
export async function serveTestPages(): Promise<{
  url: string
  close(): Promise<void>
}> {
  const server = createServer((request, response) => {
    if (request.url !== "/page.html") {
      response.writeHead(404).end()
      return
    }
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" })
    response.end(HOSTILE_PAGE)
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/page.html`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve())
        // A browser keeps its connections alive: close() alone waits for them.
        server.closeAllConnections()
      })
  }
}
