import { createPortClient } from "mv3-port"

import { PACKAGE_PORT, protocol } from "./protocol"

/**
 * A client of the bench protocol, made as the package's README makes one;
 * `maxQueued` lets a burst keep more than the default 100 requests waiting.
 */
export function connectClient(maxQueued?: number) {
  return createPortClient(protocol, {
    connect: () => chrome.runtime.connect({ name: PACKAGE_PORT }),
    maxQueued
  })
}
