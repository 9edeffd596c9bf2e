// Functions that run inside one of our extension pages (sent as source by
// inPage): a raw port that says hello as a `devtools` view, as the Ports
// panel does, and reads every `traffic` event the background mirrors to it.

export interface InspectorArgs {
  portName: string
}

interface InspectorState {
  port: chrome.runtime.Port
  rows: number
}

/** Connects an inspector and resolves once the background says it is mirroring. */
export async function openInspector(args: InspectorArgs): Promise<void> {
  const port = chrome.runtime.connect({ name: args.portName })
  const state: InspectorState = { port, rows: 0 }
  ;(globalThis as { __benchInspector?: InspectorState }).__benchInspector =
    state
  await new Promise<void>((resolve) => {
    // mv3-port's wire: both come as events, to devtools views only.
    port.onMessage.addListener(
      (message: {
        k: string
        name?: string
        data?: { messages: unknown[]; views: unknown[] }
      }) => {
        if (message.k !== "event") return
        if (message.name === "inspecting") resolve()
        if (message.name === "traffic") {
          state.rows +=
            message.data!.messages.length + message.data!.views.length
        }
      }
    )
    port.postMessage({
      k: "hello",
      data: { clientId: crypto.randomUUID(), kind: "devtools" }
    })
  })
}

/**
 * Closes the inspector; returns the rows it was sent. Waits a little, so
 * that the background has heard of the disconnect (and dropped its observer)
 * before the next block is timed.
 */
export async function closeInspector(): Promise<number> {
  const state = (globalThis as { __benchInspector?: InspectorState })
    .__benchInspector!
  // Rows of the last batch may still be on their way.
  await new Promise((resolve) => setTimeout(resolve, 150))
  state.port.disconnect()
  await new Promise((resolve) => setTimeout(resolve, 100))
  return state.rows
}
