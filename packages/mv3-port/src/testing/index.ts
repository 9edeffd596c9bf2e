/** Fakes for testing code that talks over `chrome.runtime.Port`. */
export {
  createPortPair,
  FakeEvent,
  FakePortEnd,
  flushPorts,
  structuredCopy
} from "./fake-port"
