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

const isBytes = (value: unknown): value is ArrayBuffer =>
  value instanceof ArrayBuffer

export const files = defineProtocol({
  requests: {},
  streams: { words: { input: isText, chunk: isText } },
  uploads: { file: { input: isText, chunk: isBytes, output: isCount } }
})

export function resumingBackground(): void {
  const pause = (ms: number) => new Promise((wake) => setTimeout(wake, ms))
  type Saved = Record<string, { read: number; bytes: number } | undefined>

  createStreamServer(files, {
    handlers: {},
    streams: {
      async *words(text, _peer, _signal, from) {
        for (const [i, word] of text.split(" ").entries()) {
          if (i >= from) await pause(40) // the view has the first `from`
          yield word
        }
      }
    },
    uploads: {
      // `key` is the view's name for this upload; the record survives the worker
      async file(key, chunks) {
        const saved = await chrome.storage.session.get<Saved>(key)
        let { read, bytes } = saved[key] ?? { read: 0, bytes: 0 }
        for await (const chunk of chunks.from(read)) {
          bytes += chunk.byteLength
          read++
          await chrome.storage.session.set({ [key]: { read, bytes } })
        }
        await chrome.storage.session.remove(key)
        return bytes
      }
    }
  })
}

export async function resumingPopup(
  file: File,
  bar: HTMLProgressElement
): Promise<number> {
  const client = createStreamClient(files, {
    connect: () => chrome.runtime.connect({ name: "files" })
  })
  const CHUNK = 256 * 1024
  const sink = client.upload("file", crypto.randomUUID(), {
    read: (i) =>
      i * CHUNK < file.size
        ? file.slice(i * CHUNK, (i + 1) * CHUNK).arrayBuffer()
        : null,
    onProgress: (chunks) => (bar.value = Math.min(file.size, chunks * CHUNK))
  })
  return await sink.close()
}
