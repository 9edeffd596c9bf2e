// Plasmo writes the port names it finds under background/ports into
// .plasmo/messaging.d.ts, but only when it builds. Declaring ours here as well
// lets `tsc --noEmit` pass on a fresh clone before the first build (without
// it, `getPort("popup-connection")` fails with "not assignable to never").
// The two declarations merge: they must stay identical.
import "@plasmohq/messaging"

declare module "@plasmohq/messaging" {
  interface PortsMetadata {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- must match Plasmo's generated `{}`
    "popup-connection": {}
  }
}
