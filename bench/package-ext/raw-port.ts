// The raw side as an app without a library would write it: one
// chrome.runtime port, a number per message, a map from number to waiter.
import {
  RAW_PORT,
  type Echo,
  type Echoed,
  type RawToPage,
  type Tally
} from "./protocol"

/** A raw port with request ids; `echo` resolves with the worker's answer. */
export function openRawPort(onEchoed?: (output: Echoed, id: number) => void) {
  const port = chrome.runtime.connect({ name: RAW_PORT })
  const waiting = new Map<number, (output: Echoed) => void>()
  let tallied: (tally: Tally) => void = () => {}
  port.onMessage.addListener((message: RawToPage) => {
    if (message.k === "tally") return tallied(message)
    const resolve = waiting.get(message.id)
    if (resolve) {
      waiting.delete(message.id)
      resolve(message.output)
    } else onEchoed?.(message.output, message.id)
  })
  return {
    /** Posts without waiting; the answer goes to `onEchoed`. */
    post(id: number, input: Echo): void {
      port.postMessage({ k: "echo", id, input })
    },
    /** Posts and resolves with the answer. */
    echo(id: number, input: Echo): Promise<Echoed> {
      return new Promise((resolve) => {
        waiting.set(id, resolve)
        port.postMessage({ k: "echo", id, input })
      })
    },
    /** What the worker's handler saw of run `run`. */
    tally(run: string): Promise<Tally> {
      return new Promise((resolve) => {
        tallied = resolve
        port.postMessage({ k: "tally", run })
      })
    },
    close: () => port.disconnect()
  }
}
