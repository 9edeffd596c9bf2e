import { createPortClient, isPortError } from "mv3-port"
import { browser } from "wxt/browser"

import { protocol } from "../../protocol"

const client = createPortClient(protocol, {
  connect: () => browser.runtime.connect()
})
const form = document.querySelector("form")!
const input = document.querySelector("input")!
const output = document.querySelector("output")!

form.addEventListener("submit", async (event) => {
  event.preventDefault()
  output.value = "…"
  try {
    output.value = await client.request("upper", input.value)
  } catch (error) {
    // The library words nothing: a PortError's code says why it failed.
    output.value = isPortError(error) ? `Failed: ${error.code}` : String(error)
  }
})
