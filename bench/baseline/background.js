// The raw-port baseline's worker: answers the same message shape as ours with
// nothing in between (no router, no validation, no storage), so the benchmark
// can show what the extension's comforts cost on top of a bare port.
let seq = 0

// Bench-only ablations, chosen by port name: the same answer plus one cost
// our background pays per message, to measure what that cost alone is.
// "popup-connection" (what the baseline popup opens) pays none of them.
const EXTRAS = {
  "popup-connection": [],
  "ablation:storage": ["storage"],
  "ablation:log": ["log"],
  "ablation:storage+log": ["storage", "log"]
}

function record(extras, entry) {
  if (extras.includes("log")) {
    console.log(`Message from popup: ${JSON.stringify(entry.text)}`)
  }
  if (extras.includes("storage")) {
    // Like ours: one key per entry plus the sequence, not awaited; the key
    // wraps so the stored set stays about as small as ours (≤ 550 entries).
    chrome.storage.session
      .set({ [`log:e:${entry.seq % 550}`]: entry, "log:seq": entry.seq })
      .catch(() => {})
  }
}

chrome.runtime.onConnect.addListener((port) => {
  const extras = EXTRAS[port.name]
  if (!extras) return
  let clientId = null
  port.onMessage.addListener((message) => {
    const body = message && message.body
    if (!body) return
    if (body.type === "hello") {
      clientId = body.clientId
      port.postMessage({
        type: "welcome",
        clientId,
        presence: { count: 1, kinds: { popup: 1 } }
      })
    } else if (body.type === "send") {
      const reply = `Background received: "${body.text}"`
      if (extras.length > 0) {
        const from = { clientId, kind: "popup" }
        const entry = { id: body.id, seq: seq + 1, at: Date.now(), from }
        record(extras, { ...entry, text: body.text, reply })
      }
      port.postMessage({ type: "reply", id: body.id, reply, seq: ++seq })
    } else if (body.type === "ping") {
      port.postMessage({ type: "pong" })
    }
  })
})
