import { writeEchoExtension } from "../serialization/extension"

// The raw side of the upload comparison: a worker that only counts the bytes
// of the ArrayBuffers it is sent and answers once, when it has them all, so
// the figure is the transfer itself with nothing of a protocol on top.
const COUNTING_WORKER = `chrome.runtime.onConnect.addListener((port) => {
  let expected = 0
  let received = 0
  port.onMessage.addListener((message) => {
    if (message.type === "start") {
      expected = message.bytes
      received = 0
      return
    }
    received += message.data.byteLength
    if (received >= expected) port.postMessage({ type: "done", bytes: received })
  })
})`

/** Writes the structured-clone probe extension with the counting worker into `dir`. */
export function writeRawUploadProbe(dir: string): void {
  writeEchoExtension(dir, "structured_clone", COUNTING_WORKER)
}
