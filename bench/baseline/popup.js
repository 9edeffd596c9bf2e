// The raw-port baseline's popup: the tutorial's controls (same ids as ours)
// wired straight to chrome.runtime.connect. Connect starts disabled in the
// HTML and is enabled last, so "Connect enabled" means the popup works.
const $ = (id) => document.getElementById(id)
const status = document.querySelector("#status .status-label")
const connectBtn = $("connectBtn")
const disconnectBtn = $("disconnectBtn")
const input = $("messageInput")
const sendBtn = $("sendBtn")
const response = $("response")
let port = null

function show(connected, label) {
  status.textContent = label
  connectBtn.disabled = connected
  disconnectBtn.disabled = !connected
  input.disabled = !connected
  sendBtn.disabled = !connected
}

connectBtn.addEventListener("click", () => {
  port = chrome.runtime.connect({ name: "popup-connection" })
  port.onMessage.addListener((message) => {
    if (message.type === "welcome") show(true, "Connected")
    else if (message.type === "reply") {
      response.textContent = `Reply: ${message.reply}`
    }
  })
  port.onDisconnect.addListener(() => show(false, "Disconnected"))
  port.postMessage({
    name: "popup-connection",
    body: { type: "hello", clientId: crypto.randomUUID(), kind: "popup" }
  })
  connectBtn.disabled = true
})

disconnectBtn.addEventListener("click", () => {
  port?.disconnect()
  show(false, "Disconnected")
})

sendBtn.addEventListener("click", () => {
  const text = input.value.trim()
  if (!port || !text) return
  port.postMessage({
    name: "popup-connection",
    body: { type: "send", id: crypto.randomUUID(), text }
  })
  input.value = ""
})

connectBtn.disabled = false
