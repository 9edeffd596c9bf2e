/** `mv3-port/testing`: fakes for unit tests of code that talks over ports. */
export {
  createPortPair,
  FakeEvent,
  FakePortEnd,
  flushPorts,
  structuredCopy
} from "./fake-port"
export {
  createFakeWorker,
  type FakeWorker,
  type FakeWorkerServer
} from "./fake-worker"
export { createFakeStorageArea, type FakeStorageArea } from "./fake-storage"
