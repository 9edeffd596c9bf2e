/**
 * A stream in the view: the receiving side of core/stream, whose keeping
 * waits for the loop to read each chunk, so the window the worker gets
 * is counted from what the loop has read.
 */
import type { RequestOptions } from "../client"
import { createStreamReceiver } from "../core/stream/receiver"
import { PortError } from "../errors"
import { newId } from "../ids"
import { validate, type Check } from "../protocol"
import { createChannel } from "./channel"
import type { Link } from "./link"

/** Chunks the worker may have in flight to a stream beyond those this view read. */
export const STREAM_WINDOW = 16

/** Opens stream `name` (checked by `check`; null: no such stream) over `link`. */
export function openStream(
  link: Link,
  check: Check | null,
  name: string,
  input: unknown,
  { signal }: Pick<RequestOptions, "signal"> = {}
): AsyncIterableIterator<unknown> {
  const id = newId()
  const channel = createChannel<unknown>(() => end("aborted"))
  if (!check) {
    channel.fail(new PortError("unknown-stream"))
    return channel.iterator
  }
  const receiver = createStreamReceiver<unknown>({
    id,
    window: STREAM_WINDOW,
    async keep(_, data) {
      const chunk = await validate(check, data)
      if (!chunk) return end("bad-chunk")
      // Resolves once the loop read it: the window paces the worker.
      await channel.push(chunk.value)
    },
    finish() {
      link.end(id)
      channel.end()
    },
    post: (m) => link.post({ k: "st", m }),
    onChange(state) {
      if (state.phase === "cancelled" && state.by === "sender") {
        link.end(id)
        channel.fail(new PortError(state.code))
      }
    }
  })
  /** Ends the stream from this side: the worker hears it, the loop gets `code`. */
  function end(code: string): void {
    link.end(id)
    receiver.cancel(code)
    channel.fail(new PortError(code))
  }
  link.begin(
    id,
    {
      open() {
        const state = receiver.getState()
        if (state.phase !== "open") return
        const { arrived: next, upTo } = state
        link.post({ k: "stream", id, name, input, next, upTo })
      },
      dropped() {},
      receive: (m) => receiver.receive(m as never),
      answer() {},
      fail: end
    },
    signal
  )
  return channel.iterator
}
