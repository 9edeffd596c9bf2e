import type { ChildProcess } from "node:child_process"
import type { Readable, Writable } from "node:stream"

/** CDP parameters and results: plain JSON objects. */
export type Params = Record<string, unknown>
/** A CDP event listener; `sessionId` is the page session it came from, if any. */
export type EventHandler = (params: Params, sessionId?: string) => void

interface Waiter {
  resolve: (value: Params) => void
  reject: (error: Error) => void
  sessionId?: string
}

interface Frame {
  id?: number
  method?: string
  params?: Params
  result?: Params
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
  private readonly handlers = new Map<string, Set<EventHandler>>()
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

  /** Sends a CDP command (to a page when `sessionId` is given). */
  send<T = Params>(
    method: string,
    params: Params = {},
    sessionId?: string
  ): Promise<T> {
    const id = this.nextId++
    const input = this.child.stdio[3] as Writable
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, {
        resolve: resolve as (value: Params) => void,
        reject,
        sessionId
      })
      input.write(JSON.stringify({ id, method, params, sessionId }) + "\0")
    })
  }

  /** Subscribes to a CDP event; returns the unsubscribe function. */
  on(method: string, handler: EventHandler): () => void {
    const set = this.handlers.get(method) ?? new Set()
    set.add(handler)
    this.handlers.set(method, set)
    return () => set.delete(handler)
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
