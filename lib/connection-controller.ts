import {
  MAX_REPORTS,
  parseServerMessage,
  PORT_NAME,
  type ClientMessage,
  type DeliveryReport,
  type Envelope,
  type Presence,
  type ServerMessage,
  type ViewKind
} from "./protocol"

/** The part of `chrome.runtime.Port` a view uses (a fake implements it in tests). */
export interface ClientPort {
  postMessage(message: Envelope<ClientMessage>): void
  disconnect(): void
  onMessage: PortEvent<(message: unknown) => void>
  onDisconnect: PortEvent<() => void>
}

interface PortEvent<L> {
  addListener(listener: L): void
  removeListener(listener: L): void
}

export type Status =
  "disconnected" | "connecting" | "connected" | "reconnecting" | "failed"

export type MessageState = "queued" | "sending" | "replied" | "failed"

export interface OutgoingMessage {
  id: string
  /** Order in which the user sent it. */
  order: number
  text: string
  state: MessageState
  /** Times it was posted on a connection. */
  attempts: number
  reply?: string
  /** Why it failed, for the user. */
  error?: string
  /** Round trip of the post that got the reply (ms). */
  rttMs?: number
}

/** How one of this view's messages fared, for the conversation log. */
export interface Delivery {
  state: MessageState
  rttMs?: number
}

/** Deliveries remembered for the log (as many as it shows). */
const DELIVERIES_KEPT = 500

/** What `#response` shows. */
export type ResponseLine =
  | { kind: "none" }
  | { kind: "reply"; text: string }
  | { kind: "error"; text: string }

export interface ConnectionSnapshot {
  status: Status
  /** The reconnect attempt under way (1-based) while reconnecting. */
  attempt: number
  /** Why the connection last dropped or failed, for the user; null when none. */
  cause: string | null
  response: ResponseLine
  /** Inline note about the last thing the user tried (e.g. an empty message). */
  notice: string | null
  /**
   * What the view lists, oldest first: every message still queued or
   * sending, the newest failed ones (up to FAILED_SHOWN) and the replied ones
   * among the latest SETTLED_SHOWN sent.
   */
  messages: readonly OutgoingMessage[]
  /** Failed messages left out of `messages` (older than the FAILED_SHOWN newest). */
  hiddenFailed: number
  /** Messages waiting to go out or for their reply. */
  pending: number
  /** Since the view opened: messages accepted, replied (each once), failed now. */
  totals: { sent: number; replied: number; failed: number }
  presence: Presence | null
  /** True when Send would queue or send (not after Disconnect or a failure). */
  canSend: boolean
}

export interface ControllerOptions {
  kind: ViewKind
  clientId: string
  /** Opens a fresh port named `popup-connection`. */
  openPort: () => ClientPort
  /** Closes a port we opened (and forgets any cached handle to it). */
  closePort: (port: ClientPort) => void
  /** False once the extension was reloaded under this page (its context is gone). */
  contextValid: () => boolean
  /** The browser's reason for the last port error, if any. */
  lastError: () => string | undefined
  now: () => number
  newId: () => string
  maxMessageLength: number
  heartbeatMs: number
  reconnectMaxAttempts: number
  reconnectBaseMs: number
  reconnectMaxMs: number
  maxQueuedMessages: number
  maxSendAttempts: number
  replyTimeoutMs: number
  /** How long a fresh port may take to be welcomed before it counts as a failed attempt. */
  connectTimeoutMs?: number
}

/** Messages kept for display once they have settled. */
const SETTLED_SHOWN = 50

/** How long after a reply its round trip is reported (batched with others). */
const REPORT_DELAY_MS = 250
/** Reports held while they cannot be sent; the oldest go first past this. */
const MAX_PENDING_REPORTS = 500

/** Failed messages listed (the newest); older ones are counted, not listed. */
export const FAILED_SHOWN = 50

export type SendResult =
  { ok: true; id: string } | { ok: false; reason: string }

/** Delay before reconnect attempt `attempt` (1-based): immediate, then doubling, capped. */
export function backoffDelay(
  attempt: number,
  baseMs: number,
  maxMs: number
): number {
  if (attempt <= 1) return 0
  return Math.min(baseMs * 2 ** (attempt - 2), maxMs)
}

/**
 * One view's connection to the background, as a state machine independent of
 * React and of `chrome.*` (both are injected), so that it can be driven by a
 * fake port and fake timers in tests.
 *
 *   disconnected --connect--> connecting --welcome--> connected
 *   connected --drop--> reconnecting --welcome--> connected
 *   reconnecting --too many attempts / extension reloaded--> failed
 *   any --Disconnect--> disconnected (final: no reconnect)
 */
export class ConnectionController {
  private status: Status = "disconnected"
  private attempt = 0
  private cause: string | null = null
  private response: ResponseLine = { kind: "none" }
  private notice: string | null = null
  private presence: Presence | null = null
  private port: ClientPort | null = null
  /** Every message not yet pruned, in the order the user sent them. */
  private readonly messages = new Map<string, OutgoingMessage>()
  /** Ids of messages queued or sending (kept apart so counting is O(1)). */
  private readonly pendingIds = new Set<string>()
  private readonly sentAt = new Map<string, number>()
  private readonly replyTimers = new Map<
    string,
    ReturnType<typeof setTimeout>
  >()
  private order = 0
  private repliedTotal = 0
  private readonly failedIds = new Set<string>()
  /** This view's own messages by id: how each was delivered (kept for the log, bounded). */
  private readonly deliveries = new Map<string, Delivery>()
  private heartbeat: ReturnType<typeof setInterval> | null = null
  /** Round trips not yet reported to the background (see `report`). */
  private readonly reports: DeliveryReport[] = []
  private reportTimer: ReturnType<typeof setTimeout> | null = null
  /** True once the current connection answered something after its welcome (see `answered`). */
  private proven = false
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null
  private connectTimer: ReturnType<typeof setTimeout> | null = null
  private readonly listeners = new Set<() => void>()
  private readonly messageListeners = new Set<
    (message: ServerMessage) => void
  >()
  private snapshot: ConnectionSnapshot | null = null

  constructor(private readonly options: ControllerOptions) {}

  /** This view's id in the conversation (stable across reconnects). */
  get clientId(): string {
    return this.options.clientId
  }

  // ------------------------------------------------------------- public API

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Calls `listener` with every checked message from the background. */
  listen = (listener: (message: ServerMessage) => void): (() => void) => {
    this.messageListeners.add(listener)
    return () => this.messageListeners.delete(listener)
  }

  /**
   * How this view's message `id` fared, for its row in the log. The object
   * changes only when that message's delivery does, so a row that reads it
   * through `subscribe` re-renders only for its own message.
   */
  deliveryOf = (id: string): Delivery | undefined => this.deliveries.get(id)

  getSnapshot = (): ConnectionSnapshot => {
    this.snapshot ??= this.buildSnapshot()
    return this.snapshot
  }

  /** The user's Connect: allowed when disconnected or failed. */
  connect = (): void => {
    if (this.status !== "disconnected" && this.status !== "failed") return
    this.attempt = 0
    this.cause = null
    this.notice = null
    this.status = "connecting"
    this.open()
    this.changed()
  }

  /** The user's Disconnect: works in every state and is final. */
  disconnect = (): void => {
    if (this.status === "disconnected") return
    this.teardown()
    this.status = "disconnected"
    this.attempt = 0
    this.cause = "You disconnected."
    this.failPending("Disconnected before a reply.")
    this.changed()
  }

  /** Sends (or queues while reconnecting) the trimmed text. */
  send = (raw: string): SendResult => {
    const text = raw.trim()
    const refusal = this.refusal(text)
    if (refusal) {
      this.notice = refusal
      this.changed()
      return { ok: false, reason: refusal }
    }
    this.notice = null
    const message: OutgoingMessage = {
      id: this.options.newId(),
      order: ++this.order,
      text,
      state: "queued",
      attempts: 0
    }
    this.update(message, {})
    if (this.pendingCount() > this.options.maxQueuedMessages) {
      this.settle(message, { state: "failed", error: this.queueFullError() })
    } else if (this.status === "connected") {
      this.post(message)
    }
    this.prune()
    this.changed()
    return { ok: true, id: message.id }
  }

  /** Sends a failed message again under the same id (the background de-duplicates). */
  retry = (id: string): void => {
    const message = this.messages.get(id)
    if (!message || message.state !== "failed" || !this.canSend()) return
    if (this.pendingCount() >= this.options.maxQueuedMessages) {
      // Same bound and the same visible failure as `send`.
      this.update(message, { error: this.queueFullError() })
      this.changed()
      return
    }
    this.update(message, { state: "queued", attempts: 0, error: undefined })
    if (this.status === "connected") this.post(this.messages.get(id)!)
    this.changed()
  }

  /** Closes the port without changing what the user sees (the view is going away). */
  dispose = (): void => {
    this.teardown()
  }

  /** Posts a raw client message (heartbeats and log commands). */
  command = (message: ClientMessage): boolean => {
    if (this.status !== "connected" || !this.port) return false
    return this.postRaw(message)
  }

  // ------------------------------------------------------------- connection

  private open(): void {
    // After a reload under this page, `chrome.runtime.connect` throws (or
    // hands back a port that drops at once): no attempt can succeed, so say
    // why instead of spending the backoff on it.
    if (!this.options.contextValid()) return this.contextLost()
    let port: ClientPort
    try {
      port = this.options.openPort()
    } catch (error) {
      this.dropped(this.describeError(error))
      return
    }
    this.port = port
    port.onMessage.addListener(this.onPortMessage)
    port.onDisconnect.addListener(this.onPortDisconnect)
    this.connectTimer = setTimeout(() => {
      this.connectTimer = null
      this.closeCurrent()
      this.dropped("The background did not answer.")
    }, this.options.connectTimeoutMs ?? 5000)
    this.postRaw({
      type: "hello",
      clientId: this.options.clientId,
      kind: this.options.kind
    })
  }

  private onPortMessage = (raw: unknown): void => {
    const message = parseServerMessage(raw)
    if (!message) {
      console.warn("Ignored a malformed message from the background", raw)
      return
    }
    for (const listener of [...this.messageListeners]) listener(message)
    switch (message.type) {
      case "welcome":
        return this.welcomed(message.presence)
      case "reply":
        this.answered()
        return this.replied(message.id, message.reply)
      case "error":
        this.answered()
        return this.rejected(message.id, message.code)
      case "pong":
        return this.answered()
      case "presence":
        this.presence = message.presence
        return this.changed()
      default:
        return
    }
  }

  private onPortDisconnect = (): void => {
    // Read lastError inside the listener, or Chrome reports it as unchecked.
    const reason = this.options.lastError()
    this.detach()
    if (!this.options.contextValid()) return this.contextLost()
    this.dropped(
      reason
        ? `Background disconnected (${reason}).`
        : "Background disconnected."
    )
  }

  /** The extension was reloaded or updated under this page: nothing can reconnect it. */
  private contextLost(): void {
    this.teardown()
    this.status = "failed"
    this.attempt = 0
    this.cause = "The extension was reloaded or updated: reopen this view."
    this.failPending("The extension was reloaded before a reply.")
    this.changed()
  }

  private welcomed(presence: Presence): void {
    // Only the welcome to our hello counts: a second one on a live connection
    // would start a second heartbeat.
    if (this.status !== "connecting" && this.status !== "reconnecting") return
    this.clearTimer("connectTimer")
    this.status = "connected"
    // The attempt count is not reset here but in `answered`: a worker that
    // welcomes and then drops at once must still back off and end in Failed.
    this.proven = false
    this.presence = presence
    if (this.heartbeat) clearInterval(this.heartbeat)
    this.heartbeat = setInterval(
      () => this.postRaw({ type: "ping" }),
      this.options.heartbeatMs
    )
    this.flush()
    this.scheduleReports()
    this.changed()
  }

  /**
   * The background answered on a welcomed connection (a reply, an error or a
   * pong): it is proven to work, so the next drop starts the backoff afresh.
   * An answer, rather than a time spent connected, is the proof because the
   * worker can be stopped many times a minute while messages flow (each stop
   * is followed by replies and must not count towards giving up), while a
   * worker that welcomes and then dies before answering anything never
   * proves itself, however long the welcome-drop cycle takes. An idle
   * connection proves itself with the first heartbeat's pong.
   */
  private answered(): void {
    if (this.status !== "connected" || this.proven) return
    this.proven = true
    this.attempt = 0
  }

  /** The port went away without the user asking: reconnect with backoff. */
  private dropped(cause: string): void {
    this.stopTraffic()
    this.cause = cause
    this.attempt += 1
    const { reconnectMaxAttempts, reconnectBaseMs, reconnectMaxMs } =
      this.options
    if (this.attempt > reconnectMaxAttempts) {
      this.status = "failed"
      this.attempt = 0
      this.cause = `Gave up after ${reconnectMaxAttempts} attempts. ${cause}`
      this.failPending("The connection could not be re-established.")
      this.changed()
      return
    }
    this.status = "reconnecting"
    this.reconnectTimer = setTimeout(
      () => {
        this.reconnectTimer = null
        this.open()
      },
      backoffDelay(this.attempt, reconnectBaseMs, reconnectMaxMs)
    )
    this.changed()
  }

  /** Detaches our listeners from the current port (it is dead or closing). */
  private detach(): void {
    if (!this.port) return
    this.port.onMessage.removeListener(this.onPortMessage)
    this.port.onDisconnect.removeListener(this.onPortDisconnect)
    this.port = null
  }

  /** Closes the current port from our side. */
  private closeCurrent(): void {
    const port = this.port
    this.detach()
    if (port) {
      try {
        this.options.closePort(port)
      } catch {
        // Already closed by the other side: nothing left to close.
      }
    }
  }

  private stopTraffic(): void {
    this.clearTimer("connectTimer")
    this.clearTimer("reconnectTimer")
    if (this.heartbeat) clearInterval(this.heartbeat)
    this.heartbeat = null
    for (const timer of this.replyTimers.values()) clearTimeout(timer)
    this.replyTimers.clear()
    if (this.reportTimer) clearTimeout(this.reportTimer)
    this.reportTimer = null
  }

  private teardown(): void {
    this.stopTraffic()
    this.closeCurrent()
  }

  private clearTimer(name: "connectTimer" | "reconnectTimer"): void {
    const timer = this[name]
    if (timer) clearTimeout(timer)
    this[name] = null
  }

  // ------------------------------------------------------------- messages

  private refusal(text: string): string | null {
    if (!this.canSend()) return "Connect first."
    if (text.length === 0) return "Type a message first."
    if (text.length > this.options.maxMessageLength) {
      return `That message is ${text.length} characters; the limit is ${this.options.maxMessageLength}.`
    }
    return null
  }

  private canSend(): boolean {
    return (
      this.status === "connecting" ||
      this.status === "connected" ||
      this.status === "reconnecting"
    )
  }

  /** Sends what is waiting, oldest first, once a connection is welcomed. */
  private flush(): void {
    const waiting = [...this.pendingIds]
      .map((id) => this.messages.get(id)!)
      .sort((a, b) => a.order - b.order)
    for (const message of waiting) {
      if (message.attempts >= this.options.maxSendAttempts) {
        this.settle(message, {
          state: "failed",
          error: `No reply after ${message.attempts} attempts.`
        })
      } else {
        this.post(message)
      }
    }
  }

  private post(message: OutgoingMessage): void {
    const sent = this.postRaw({
      type: "send",
      id: message.id,
      text: message.text
    })
    // A failed post leaves the message queued: the disconnect that follows
    // reconnects, and the flush after it sends the message again.
    if (!sent) return
    this.update(message, { state: "sending", attempts: message.attempts + 1 })
    this.sentAt.set(message.id, this.options.now())
    const timer = setTimeout(() => {
      this.replyTimers.delete(message.id)
      const current = this.messages.get(message.id)
      if (current?.state !== "sending") return
      this.settle(current, {
        state: "failed",
        error: `No reply within ${Math.round(this.options.replyTimeoutMs / 1000)} s.`
      })
      this.changed()
    }, this.options.replyTimeoutMs)
    this.replyTimers.set(message.id, timer)
  }

  private postRaw(message: ClientMessage): boolean {
    if (!this.port) return false
    try {
      this.port.postMessage({ name: PORT_NAME, body: message })
      return true
    } catch {
      // "Attempting to use a disconnected port object": the disconnect event
      // is on its way and will reconnect.
      return false
    }
  }

  private replied(id: string, reply: string): void {
    const message = this.messages.get(id)
    // A reply to a message already settled (a re-send answered twice) is not news.
    if (!message || message.state === "replied") return
    const started = this.sentAt.get(id)
    const rttMs =
      started === undefined ? undefined : this.options.now() - started
    this.settle(message, { state: "replied", reply, error: undefined, rttMs })
    this.response = { kind: "reply", text: reply }
    if (rttMs !== undefined) this.report(id, rttMs)
    this.changed()
  }

  /**
   * Queues a round trip for the background, which shares it with every view
   * through the log. Reports go out in batches, a little after the replies,
   * so they never compete with the messages themselves; a batch that cannot
   * be posted waits for the next connection.
   */
  private report(id: string, rttMs: number): void {
    this.reports.push({ id, rttMs: Math.round(rttMs * 10) / 10 })
    if (this.reports.length > MAX_PENDING_REPORTS) this.reports.shift()
    this.scheduleReports()
  }

  private scheduleReports(): void {
    if (this.reportTimer || this.reports.length === 0) return
    this.reportTimer = setTimeout(() => {
      this.reportTimer = null
      if (this.status !== "connected") return
      while (this.reports.length > 0) {
        const batch = this.reports.slice(0, MAX_REPORTS)
        if (!this.postRaw({ type: "delivered", reports: batch })) return
        this.reports.splice(0, batch.length)
      }
    }, REPORT_DELAY_MS)
  }

  private rejected(id: string | null, text: string): void {
    const message = id === null ? undefined : this.messages.get(id)
    if (message && message.state !== "replied") {
      this.settle(message, { state: "failed", error: text })
    }
    this.response = { kind: "error", text }
    this.changed()
  }

  private failPending(error: string): void {
    for (const id of [...this.pendingIds]) {
      this.settle(this.messages.get(id)!, { state: "failed", error })
    }
  }

  private settle(message: OutgoingMessage, change: Partial<OutgoingMessage>) {
    const timer = this.replyTimers.get(message.id)
    if (timer) clearTimeout(timer)
    this.replyTimers.delete(message.id)
    this.sentAt.delete(message.id)
    this.update(message, change)
    this.prune()
  }

  private update(message: OutgoingMessage, change: Partial<OutgoingMessage>) {
    const next = { ...message, ...change }
    this.messages.set(message.id, next)
    if (next.state === "replied" && message.state !== "replied") {
      this.repliedTotal++
    }
    if (next.state === "failed") this.failedIds.add(next.id)
    else this.failedIds.delete(next.id)
    this.deliveries.delete(next.id)
    this.deliveries.set(next.id, { state: next.state, rttMs: next.rttMs })
    if (this.deliveries.size > DELIVERIES_KEPT) {
      this.deliveries.delete(this.deliveries.keys().next().value!)
    }
    if (next.state === "queued" || next.state === "sending") {
      this.pendingIds.add(next.id)
    } else {
      this.pendingIds.delete(next.id)
    }
  }

  private pendingCount(): number {
    return this.pendingIds.size
  }

  private queueFullError(): string {
    return `Too many messages waiting (${this.options.maxQueuedMessages}); retry once some are answered.`
  }

  /**
   * Forgets the oldest replied messages beyond what the view shows. Pending
   * and failed ones stay until they are answered or retried: nothing the
   * user may still act on disappears.
   */
  private prune(): void {
    let excess =
      this.messages.size -
      SETTLED_SHOWN -
      this.pendingCount() -
      this.failedIds.size
    if (excess <= 0) return
    for (const [id, message] of this.messages) {
      if (excess <= 0) break
      if (message.state === "replied") {
        this.messages.delete(id)
        excess--
      }
    }
  }

  private describeError(error: unknown): string {
    return error instanceof Error ? error.message : String(error)
  }

  // ------------------------------------------------------------- snapshot

  private changed(): void {
    this.snapshot = null
    for (const listener of [...this.listeners]) listener()
  }

  private buildSnapshot(): ConnectionSnapshot {
    // The map keeps insertion order, which is the order the user sent them.
    const all = [...this.messages.values()]
    const recent = new Set(all.slice(-SETTLED_SHOWN))
    const failed = all.filter((m) => m.state === "failed")
    const failedShown = new Set(failed.slice(-FAILED_SHOWN))
    return {
      status: this.status,
      attempt: this.status === "reconnecting" ? this.attempt : 0,
      cause: this.cause,
      response: this.response,
      notice: this.notice,
      // Nothing not yet answered is hidden: every pending message, the newest
      // failures (older ones are counted in `hiddenFailed`), and the replied
      // ones among the latest sent.
      messages: all.filter((m) =>
        m.state === "failed"
          ? failedShown.has(m)
          : m.state !== "replied" || recent.has(m)
      ),
      hiddenFailed: failed.length - failedShown.size,
      pending: this.pendingCount(),
      totals: {
        sent: this.order,
        replied: this.repliedTotal,
        failed: this.failedIds.size
      },
      presence: this.status === "connected" ? this.presence : null,
      canSend: this.canSend()
    }
  }
}
