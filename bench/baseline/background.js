// The raw-port baseline's worker: answers the same message shape as ours with
// nothing in between (no router, no validation, no storage), so the benchmark
// can show what the extension's comforts cost on top of a bare port.
let seq = 0

chrome.runtime.onConnect.addListener((port) => {
  if (port.name !== "popup-connection") return
  port.onMessage.addListener((message) => {
    const body = message && message.body
    if (!body) return
    if (body.type === "hello") {
      port.postMessage({
        type: "welcome",
        clientId: body.clientId,
        presence: { count: 1, kinds: { popup: 1 } }
      })
    } else if (body.type === "send") {
      port.postMessage({
        type: "reply",
        id: body.id,
        reply: `Background received: "${body.text}"`,
        seq: ++seq
      })
    } else if (body.type === "ping") {
      port.postMessage({ type: "pong" })
    }
  })
})
