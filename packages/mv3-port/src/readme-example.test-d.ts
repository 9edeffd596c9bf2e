/**
 * The README's example, compiled against @types/chrome by
 * `npm run typecheck`: a real `chrome.runtime.Port` fits both sides.
 */
import { createPortClient, defineProtocol } from "."
import { createPortServer, sessionStorageStore } from "./server"

const isText = (value: unknown): value is { text: string } =>
  typeof (value as { text?: unknown } | null)?.text === "string"

export const protocol = defineProtocol({
  requests: { upper: { input: isText, output: isText } }
})

export function background(): void {
  const server = createPortServer(protocol, {
    name: "chat",
    store: sessionStorageStore(),
    handlers: { upper: ({ text }) => ({ text: text.toUpperCase() }) }
  })
  chrome.runtime.onConnect.addListener(server.accept)
}

export async function popup(): Promise<string> {
  const client = createPortClient(protocol, {
    connect: () => chrome.runtime.connect({ name: "chat" })
  })
  const { text } = await client.request("upper", { text: "hello" })
  return text
}
