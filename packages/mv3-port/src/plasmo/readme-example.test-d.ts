/**
 * The README's Plasmo example, compiled against @types/chrome by the root
 * `tsc --noEmit`: `chrome.runtime.onConnect` fits `createPlasmoHandler`.
 */
import { createPlasmoHandler } from "."
import { protocol } from "../readme-example.test-d"
import { createPortServer } from "../server"

const server = createPortServer(protocol, {
  handlers: { upper: ({ text }) => ({ text: text.toUpperCase() }) }
})
export default createPlasmoHandler(server, {
  onConnect: chrome.runtime.onConnect,
  name: "chat"
})
