// Listeners Chrome must find registered in the worker's first turn, so that
// a shortcut pressed while the worker is stopped wakes it and is heard.
import "./commands"
// The toolbar badge: drops dead views' shares at every start (badge.ts).
import "./badge"

// The session server and the port adapter are set up by the port handler
// module (background/ports/popup-connection.ts), which Plasmo's router
// imports before it registers itself.
console.log("Background service worker started")
