/**
 * An upload in the view: the sending side of core/stream, reading each
 * chunk from what was written (or from the caller's `read`), behind a sink
 * whose `write` waits for the worker's window and whose `close` waits for
 * its answer.
 */
import type { RequestOptions } from "../client"
import type { ToSender } from "../core/stream/messages"
import {
  createStreamSender,
  type SenderState,
  type StreamSender
} from "../core/stream/sender"
import { PortError } from "../errors"
import { newId } from "../ids"
import { validate, type UploadDefinition } from "../protocol"
import type { Flow, Link } from "./link"

/** How an upload is sent: its `signal`, where its chunks come from, and how far they got. */
export interface UploadOptions<Chunk> extends Pick<RequestOptions, "signal"> {
  /**
   * Chunk `index`, or null past the last (a slice of a `File`): the sink
   * then reads each chunk when the worker's window lets it go, again from
   * wherever a restarted worker stands, and keeps none; `write` rejects
   * with "closed". Without it, the sink keeps what was written.
   */
  read?: (index: number) => Chunk | null | Promise<Chunk | null>
  /**
   * Hears how many chunks reached the worker, from each of its grants and
   * its last word; after a worker stop it may step back to where the
   * worker stands.
   */
  onProgress?: (chunks: number) => void
}

/** Where an upload's chunks go: `write` waits for credit, `close` for the answer. */
export interface UploadSink<Chunk, Output> {
  /**
   * Queues `chunk`; resolves once it is sent within the worker's credit
   * window (so `await` paces the writer), rejects with a `PortError`.
   */
  write(chunk: Chunk): Promise<void>
  /** No more chunks: resolves with the worker's checked answer, rejects with a `PortError`. */
  close(): Promise<Output>
  /** Cancels the upload on the worker; what waits rejects with "aborted". */
  abort(): void
}

/** Opens upload `name` (`definition` null: no such upload) over `link`. */
export function openUpload(
  link: Link,
  definition: UploadDefinition | null,
  name: string,
  input: unknown,
  { signal, read, onProgress }: UploadOptions<unknown> = {}
): UploadSink<unknown, unknown> {
  const id = newId()
  // Without `read`, every chunk is kept until the answer: after a worker
  // stop the upload's handler may read them all again from the first.
  const chunks: unknown[] = []
  let closed = false
  let failure: PortError | null = null
  let settled = false
  /** The worker answered: what follows (its cancel, a client failure) is no failure. */
  let answered = false
  let wake = () => {}
  const writes: Array<{ index: number; done(error?: PortError): void }> = []
  let resolveOutput!: (output: unknown) => void
  let rejectOutput!: (error: PortError) => void
  const output = new Promise<unknown>((resolve, reject) => {
    resolveOutput = resolve
    rejectOutput = reject
  })
  // A sink failed before `close()` was called must not be an unhandled rejection.
  output.catch(() => {})

  function written(state: SenderState): void {
    const sent =
      state.phase === "flowing"
        ? state.next
        : state.phase === "ending" || state.phase === "done"
          ? Infinity
          : -1
    for (let i = writes.length - 1; i >= 0; i--) {
      if (writes[i].index < sent) writes.splice(i, 1)[0].done()
    }
  }

  function settle(error: PortError | null, value?: unknown): void {
    if (settled) return
    settled = true
    link.end(id)
    failure = error
    for (const write of writes.splice(0)) write.done(error ?? undefined)
    wake()
    if (error) rejectOutput(error)
    else resolveOutput(value)
  }

  const sender: StreamSender<unknown> = createStreamSender<unknown>({
    id,
    read:
      read ??
      (async (index) => {
        while (index >= chunks.length && !closed && !settled) {
          await new Promise<void>((resolve) => (wake = resolve))
        }
        return index < chunks.length ? chunks[index] : null
      }),
    post: (m) => link.post({ k: "st", m }),
    onChange(state) {
      written(state)
      // Cancelled by the worker, or by this side (`read` failed, an abort).
      if (state.phase === "cancelled" && !answered) {
        settle(new PortError(state.code))
      }
    }
  })

  function fail(code: string): void {
    if (settled || answered) return
    sender.cancel(code)
    settle(new PortError(code))
  }

  const flow: Flow = {
    open() {
      if (!settled) link.post({ k: "upload", id, name, input })
    },
    dropped: () => sender.dropped(),
    receive(m) {
      const message = m as ToSender
      if (message.type === "stream-grant") onProgress?.(message.next)
      if (message.type === "stream-done") onProgress?.(message.count)
      sender.receive(message)
    },
    answer(value) {
      if (settled || answered || !definition) return
      answered = true
      void Promise.resolve(validate(definition.output, value)).then(
        (checked) => {
          // The worker needs no more chunks (it may have answered early).
          // One that has them all ends the upload itself ("stream-done").
          if (sender.getState().phase !== "ending") sender.cancel("done")
          if (checked) settle(null, checked.value)
          else settle(new PortError("bad-output"))
        }
      )
    },
    fail
  }
  if (definition) link.begin(id, flow, signal)
  else settle(new PortError("unknown-upload"))

  return {
    write(chunk) {
      if (read || closed || settled) {
        return Promise.reject(failure ?? new PortError("closed"))
      }
      const index = chunks.push(chunk) - 1
      const done = new Promise<void>((resolve, reject) =>
        writes.push({
          index,
          done: (error) => (error ? reject(error) : resolve())
        })
      )
      wake()
      written(sender.getState())
      return done
    },
    close() {
      closed = true
      wake()
      return output
    },
    abort: () => fail("aborted")
  }
}
