/**
 * The README's streams example, compiled against @types/chrome by
 * `npm run typecheck`.
 */
import { createStreamClient, defineProtocol } from "."
import { createStreamServer } from "../server/streams-entry"

const isCount = (value: unknown): value is number => Number.isInteger(value)
const isText = (value: unknown): value is string => typeof value === "string"

export const feeds = defineProtocol({
  requests: {},
  streams: { ticks: { input: isCount, chunk: isCount } },
  uploads: { file: { input: isText, chunk: isText, output: isText } }
})

export function background(): void {
  const server = createStreamServer(feeds, {
    name: "feeds",
    handlers: {},
    streams: {
      async *ticks(count) {
        for (let i = 0; i < count; i++) yield i
      }
    },
    uploads: {
      async file(_name, chunks) {
        let text = ""
        for await (const chunk of chunks) text += chunk
        return text
      }
    }
  })
  chrome.runtime.onConnect.addListener(server.accept)
}

export async function popup(): Promise<string> {
  const client = createStreamClient(feeds, {
    connect: () => chrome.runtime.connect({ name: "feeds" })
  })
  for await (const tick of client.stream("ticks", 10)) console.log(tick)

  const sink = client.upload("file", "notes.txt")
  for (const part of ["a", "b"]) await sink.write(part) // waits for the window
  return await sink.close()
}
