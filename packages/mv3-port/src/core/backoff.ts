/**
 * Delay before reconnect attempt `attempt` (1-based): the first retry is
 * immediate, because a stopped MV3 service worker restarts on the next
 * connect and most drops heal at once; after that the delay doubles from
 * `baseMs`, capped at `maxMs`, so a background that cannot start is not
 * hammered.
 * https://developer.chrome.com/docs/extensions/develop/concepts/service-workers/lifecycle
 */
export function backoffDelay(
  attempt: number,
  baseMs: number,
  maxMs: number
): number {
  if (attempt <= 1) return 0
  return Math.min(baseMs * 2 ** (attempt - 2), maxMs)
}
