/**
 * Settings read from `.env` (PLASMO_PUBLIC_* values are inlined at build time).
 * Each falls back to a sane default so a missing or mistyped value cannot
 * produce NaN timers or a zero message limit.
 */

/** `raw` as a positive integer, else `fallback`. */
function positiveInt(raw: string | undefined, fallback: number): number {
  const value = Number(raw)
  return Number.isInteger(value) && value > 0 ? value : fallback
}

/** `raw` as a boolean ("true" or "false"), else `fallback`. */
function flag(raw: string | undefined, fallback: boolean): boolean {
  return raw === "true" ? true : raw === "false" ? false : fallback
}

/** The extension's limits and timings, from `.env` or their defaults. */
export const config = {
  maxMessageLength: positiveInt(
    process.env.PLASMO_PUBLIC_MAX_MESSAGE_LENGTH,
    2000
  ),
  heartbeatMs: positiveInt(process.env.PLASMO_PUBLIC_HEARTBEAT_MS, 20_000),
  reconnectMaxAttempts: positiveInt(
    process.env.PLASMO_PUBLIC_RECONNECT_MAX_ATTEMPTS,
    8
  ),
  reconnectBaseMs: positiveInt(
    process.env.PLASMO_PUBLIC_RECONNECT_BASE_MS,
    100
  ),
  reconnectMaxMs: positiveInt(process.env.PLASMO_PUBLIC_RECONNECT_MAX_MS, 4000),
  maxQueuedMessages: positiveInt(
    process.env.PLASMO_PUBLIC_MAX_QUEUED_MESSAGES,
    200
  ),
  maxSendAttempts: positiveInt(process.env.PLASMO_PUBLIC_MAX_SEND_ATTEMPTS, 3),
  replyTimeoutMs: positiveInt(
    process.env.PLASMO_PUBLIC_REPLY_TIMEOUT_MS,
    15_000
  ),
  streamChunkMs: positiveInt(process.env.PLASMO_PUBLIC_STREAM_CHUNK_MS, 40),
  maxFileBytes: positiveInt(
    process.env.PLASMO_PUBLIC_MAX_FILE_BYTES,
    100_000_000
  ),
  /** The options page's defaults (storage/settings.ts checks them). */
  autoConnect: flag(process.env.PLASMO_PUBLIC_AUTO_CONNECT, false),
  theme: process.env.PLASMO_PUBLIC_THEME ?? "system"
} as const
