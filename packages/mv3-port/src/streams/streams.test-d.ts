/**
 * Type tests of streams and uploads, checked by `npm run typecheck`: each
 * `@ts-expect-error` fails the check if the line below it compiles.
 */
import { createStreamServer } from "../server/stream-server"
import { feedHandlers, feeds, type FeedLog } from "../test-support"
import { createFakeWorker } from "../testing"
import { createStreamClient } from "./client"

declare const log: FeedLog
const worker = createFakeWorker(() =>
  createStreamServer(feeds, { handlers: {}, ...feedHandlers(log) })
)
const client = createStreamClient(feeds, { connect: worker.connect })

export async function streams(): Promise<void> {
  for await (const tick of client.stream("ticks", 3)) {
    const n: number = tick
    void n
  }
  // @ts-expect-error: no stream of that name
  client.stream("tocks", 3)
  // @ts-expect-error: the input is a count, not a string
  client.stream("ticks", "3")
  for await (const tick of client.stream("ticks", 3)) {
    // @ts-expect-error: a chunk is a number
    const wrong: string = tick
    void wrong
  }
}

export async function uploads(): Promise<void> {
  const sink = client.upload("file", { name: "a" })
  await sink.write("chunk")
  const { name, text }: { name: string; text: string } = await sink.close()
  void [name, text]

  client.upload("file", { name: "a" }, { read: (i) => (i < 3 ? "c" : null) })
  // @ts-expect-error: read gives the upload's chunks, strings
  client.upload("file", { name: "a" }, { read: (i: number) => i })
  // @ts-expect-error: no upload of that name
  client.upload("photo", { name: "a" })
  // @ts-expect-error: the input has the wrong shape
  client.upload("file", { title: "a" })
  // @ts-expect-error: a chunk is a string
  await sink.write(5)
  // @ts-expect-error: the output has no size
  const { size } = await sink.close()
  void size
}

export function handlers(): void {
  const uploads = feedHandlers(log).uploads
  createStreamServer(feeds, {
    handlers: {},
    uploads,
    streams: {
      // eslint-disable-next-line require-yield
      async *ticks(count, _peer, _signal, from) {
        // @ts-expect-error: the input is a number
        count.toUpperCase()
        // @ts-expect-error: from is a count of chunks
        from.toUpperCase()
      },
      // @ts-expect-error: a chunk must be a number
      async *broken() {
        yield "zero"
      }
    }
  })
  // @ts-expect-error: a declared stream needs its handler
  createStreamServer(feeds, { handlers: {}, uploads })
  createStreamServer(feeds, {
    handlers: {},
    streams: feedHandlers(log).streams,
    uploads: {
      // @ts-expect-error: the output needs its text
      async file(input, chunks) {
        for await (const chunk of chunks.from(2)) {
          // @ts-expect-error: a checked chunk is a string
          chunk.toFixed()
        }
        return { name: input.name }
      }
    }
  })
}
