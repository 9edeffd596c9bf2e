import { installConnectionGate } from "./connections"

// The gate is normally installed already (the port handler imports it before
// Plasmo registers its router); calling it again here is a no-op that keeps
// the background working if the handler ever stops importing it.
installConnectionGate()

console.log("Background service worker started")
