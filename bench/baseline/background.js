// The raw-port baseline's worker: answers the same wire as ours (mv3-port's:
// {k:"hello"} → {k:"welcome"}, {k:"req", name:"send"} → {k:"res"}, {k:"ping"}
// → {k:"pong"}) with nothing in between (no router, no validation, no
// storage, no answer store), so the benchmark can show what the extension's
// comforts cost on top of a bare port.
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
    if (!message) return
    if (message.k === "hello" && message.data) {
      clientId = message.data.clientId
      port.postMessage({ k: "welcome" })
      port.postMessage({
        k: "event",
        name: "presence",
        data: { count: 1, kinds: { popup: 1 } }
      })
    } else if (message.k === "req" && message.name === "send") {
      const { id, text } = message.input
      const reply = `Background received: "${text}"`
      const entry = { id, seq: ++seq, at: Date.now(), text, reply }
      if (extras.length > 0) {
        record(extras, { ...entry, from: { clientId, kind: "popup" } })
      }
      port.postMessage({ k: "res", id: message.id, output: entry })
    } else if (message.k === "ping") {
      port.postMessage({ k: "pong" })
    }
  })
})
