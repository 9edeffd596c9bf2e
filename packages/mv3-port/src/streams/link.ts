/**
 * What a stream or an upload in the view is given by its client, and what
 * the client keeps of it: kept apart so each lives in its own file.
 */
import type { ToServer } from "../wire"

/** A running stream or upload, as the client keeps it. */
export interface Flow {
  /** Posts its opening on a live port (at start, and after every reconnect). */
  open(): void
  /** The live port dropped. */
  dropped(): void
  /** A message of core/stream about it. */
  receive(message: unknown): void
  /** The worker's answer to an upload. */
  answer(output: unknown): void
  /** Fails it with `code` (the client failed or was disconnected). */
  fail(code: string): void
}

/** What the client gives a stream or an upload. */
export interface Link {
  /** Posts on the live port; false when there is none. */
  post(message: ToServer): boolean
  /** Registers `flow` as `id`'s and opens it (or fails it, when it cannot start). */
  begin(id: string, flow: Flow, signal?: AbortSignal): void
  /** Forgets `id`'s flow: it is over. */
  end(id: string): void
}
