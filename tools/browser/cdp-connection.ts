import type { ChildProcess } from "node:child_process"
import type { Readable, Writable } from "node:stream"
import type { ProtocolMapping } from "devtools-protocol/types/protocol-mapping"

type Commands = ProtocolMapping.Commands
type Events = ProtocolMapping.Events

/** A CDP command's name, e.g. "Target.createTarget". */
export type CommandName = keyof Commands
/** The params argument of command `M`: required when the protocol requires it, optional when it takes none. */
export type ParamsArgs<M extends CommandName> =
  Commands[M]["paramsType"] extends []
    ? [params?: Record<string, never>]
    : Commands[M]["paramsType"]
/** What command `M` answers. */
export type CommandResult<M extends CommandName> = Commands[M]["returnType"]

/** A CDP event's name, e.g. "Target.targetCreated". */
export type EventName = keyof Events
/** The params of event `E` (an empty object for events that carry none). */
export type EventParams<E extends EventName> = Events[E] extends [infer P]
  ? P
  : Record<string, never>
/** A CDP event listener; `sessionId` is the page session it came from, if any. */
export type EventHandler<E extends EventName> = (
  params: EventParams<E>,
  sessionId?: string
) => void

/** A frame's params or result as it arrives: a JSON object. */
type Json = Record<string, unknown>

interface Waiter {
  resolve: (value: Json) => void
  reject: (error: Error) => void
  sessionId?: string
}

interface Frame {
  id?: number
  method?: string
  params?: Json
  result?: Json
  error?: { message: string }
  sessionId?: string
}

/**
 * The Chrome DevTools Protocol over `--remote-debugging-pipe`: commands on
 * fd 3, answers and events on fd 4, each a JSON text ended by a NUL byte.
 */
export class CdpConnection {
  private nextId = 1
  private readonly pending = new Map<number, Waiter>()
  private readonly handlers = new Map<
    string,
    Set<(params: Json, sessionId?: string) => void>
  >()
  private buffer = ""

  constructor(protected readonly child: ChildProcess) {
    const output = child.stdio[4] as Readable
    output.setEncoding("utf8")
    output.on("data", (chunk: string) => this.receive(chunk))
    child.on("exit", () => {
      for (const { reject } of this.pending.values()) {
        reject(new Error("Chromium exited"))
      }
      this.pending.clear()
    })
    // A page that closes (or is closed by Chrome) never answers what was
    // asked of it: fail those commands instead of waiting forever.
    this.on("Target.detachedFromTarget", ({ sessionId }) => {
      for (const [id, waiter] of this.pending) {
        if (waiter.sessionId === sessionId) {
          this.pending.delete(id)
          waiter.reject(new Error("The page was closed"))
        }
      }
    })
  }

  private receive(chunk: string): void {
    this.buffer += chunk
    let end: number
    while ((end = this.buffer.indexOf("\0")) !== -1) {
      const message = JSON.parse(this.buffer.slice(0, end)) as Frame
      this.buffer = this.buffer.slice(end + 1)
      if (message.id !== undefined) {
        const waiter = this.pending.get(message.id)
        this.pending.delete(message.id)
        if (message.error) waiter?.reject(new Error(message.error.message))
        else waiter?.resolve(message.result ?? {})
      } else if (message.method) {
        for (const handler of this.handlers.get(message.method) ?? []) {
          handler(message.params ?? {}, message.sessionId)
        }
      }
    }
  }

  /** Sends a CDP command to the browser; resolves with its typed result. */
  send<M extends CommandName>(
    method: M,
    ...params: ParamsArgs<M>
  ): Promise<CommandResult<M>> {
    return this.sendTo(undefined, method, ...params)
  }

  /** Sends a CDP command on a page's session (`sessionId`), or to the browser without one. */
  sendTo<M extends CommandName>(
    sessionId: string | undefined,
    method: M,
    ...[params]: ParamsArgs<M>
  ): Promise<CommandResult<M>> {
    const id = this.nextId++
    const input = this.child.stdio[3] as Writable
    return new Promise<CommandResult<M>>((resolve, reject) => {
      this.pending.set(id, {
        // The protocol's own answer for `method`, typed by devtools-protocol.
        resolve: resolve as (value: Json) => void,
        reject,
        sessionId
      })
      input.write(
        JSON.stringify({ id, method, params: params ?? {}, sessionId }) + "\0"
      )
    })
  }

  /** Subscribes to a CDP event; returns the unsubscribe function. */
  on<E extends EventName>(method: E, handler: EventHandler<E>): () => void {
    const set = this.handlers.get(method) ?? new Set()
    const listener = handler as (params: Json, sessionId?: string) => void
    set.add(listener)
    this.handlers.set(method, set)
    return () => set.delete(listener)
  }

  /** Asks Chromium to close (killing it after 5 s) and releases the pipes. */
  async closeBrowser(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once("exit", resolve))
    this.send("Browser.close").catch(() => {})
    let timer: ReturnType<typeof setTimeout> | undefined
    await Promise.race([
      exited,
      new Promise((resolve) => (timer = setTimeout(resolve, 5000)))
    ])
    clearTimeout(timer)
    if (this.child.exitCode === null) this.child.kill("SIGKILL")
    // Release the pipes, or Node (and jest) waits on them forever.
    ;(this.child.stdio[3] as Writable).destroy()
    ;(this.child.stdio[4] as Readable).destroy()
  }
}
