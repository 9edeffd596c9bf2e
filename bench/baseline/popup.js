// The raw-port baseline's popup: the tutorial's controls (same ids as ours)
// wired straight to chrome.runtime.connect, posting mv3-port's wire by hand. Connect starts disabled in the
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
    if (message.k === "welcome") show(true, "Connected")
    else if (message.k === "res") {
      response.textContent = `Reply: ${message.output.reply}`
    }
  })
  port.onDisconnect.addListener(() => show(false, "Disconnected"))
  port.postMessage({
    k: "hello",
    data: { clientId: crypto.randomUUID(), kind: "popup" }
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
  const id = crypto.randomUUID()
  port.postMessage({ k: "req", id, name: "send", input: { id, text } })
  input.value = ""
})

connectBtn.disabled = false
