/** One read a store needs before some of its work can run. */
export interface ReadStage<Name extends string> {
  name: Name
  /** Reads and takes in the stored state; throws (or rejects) to be retried. */
  read(): Promise<void>
  /** Runs once, after `read` succeeded (`true`) or every attempt failed (`false`). */
  done(read: boolean): void
  /**
   * How long after the stage before it is ready this one starts by itself
   * (ms); asking for it with `whenReady` starts it at once.
   */
  delayMs?: number
}

/** How each stage's read is retried. */
export interface ReadinessOptions {
  /** Tries of each read before going on without it. */
  attempts: number
  /** Told of every failed try. */
  onError: (error: unknown) => void
  /** The wait before retry n is n times this (ms). */
  retryBaseMs?: number
}

/**
 * Stages of reading stored state, in order: each runs once, after the one
 * before it, and a stage that gives up still counts as ready (losing stored
 * state must not block replies forever). `whenReady` costs nothing once a
 * stage is ready, so callers can ask on every message.
 */
export class Readiness<Name extends string> {
  private readonly ready = new Set<Name>()
  private readonly running: Array<Promise<void> | undefined> = []

  constructor(
    private readonly stages: ReadonlyArray<ReadStage<Name>>,
    private readonly options: ReadinessOptions
  ) {}

  /** Starts reading (the first stage; the later ones follow by their delays). Idempotent. */
  start(): void {
    void this.begin(0)
  }

  /** Whether `name` is ready, starting nothing. */
  isReady(name: Name): boolean {
    return this.ready.has(name)
  }

  /** Null once `name` is ready; else a promise for it (starting what it needs). */
  whenReady(name: Name): Promise<void> | null {
    if (this.ready.has(name)) return null
    return this.begin(this.stages.findIndex((stage) => stage.name === name))
  }

  private begin(index: number): Promise<void> {
    let running = this.running[index]
    if (!running) {
      running = this.run(index)
      this.running[index] = running
    }
    return running
  }

  /**
   * The one retry loop: up to `attempts` reads, waiting `retryBaseMs` × n
   * after failure n. Awaits the read itself, with no wrapper in between, so
   * whatever waits for a stage runs as few microtasks after the read as can be.
   */
  private async run(index: number): Promise<void> {
    if (index > 0) await this.begin(index - 1)
    const stage = this.stages[index]
    const { attempts, onError, retryBaseMs = 50 } = this.options
    let read = false
    for (let attempt = 1; attempt <= attempts && !read; attempt++) {
      try {
        await stage.read()
        read = true
      } catch (error) {
        onError(error)
        if (attempt < attempts) {
          await new Promise((r) => setTimeout(r, retryBaseMs * attempt))
        }
      }
    }
    stage.done(read)
    this.ready.add(stage.name)
    const next = this.stages[index + 1]
    if (next) setTimeout(() => void this.begin(index + 1), next.delayMs ?? 0)
  }
}
