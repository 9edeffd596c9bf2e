/**
 * Two token buckets per key (a tab): one of messages, one of bytes. Each
 * message takes a token and its weight in bytes; both come back at a
 * steady rate up to a burst. A page's scripts cannot reach the widget's
 * port, but a renderer compromised by the page speaks for the whole tab:
 * the limit keeps one tab from filling the worker's queue, its memory and
 * the shared log for every other view.
 */

/** How much a key may send. */
export interface RateLimitOptions {
  /** Messages a key may send at once after a quiet spell. */
  burst: number
  /** Messages a key gets back per second. */
  perSecond: number
  /** Bytes a key may send at once after a quiet spell. */
  burstBytes: number
  /** Bytes a key gets back per second. */
  bytesPerSecond: number
  /** Refusals in a row after which the key counts as flooding. */
  floodAfter: number
  now: () => number
}

/** What one message is: let through, refused (`first` of a run), or part of a flood. */
export type RateVerdict =
  { tag: "pass" } | { tag: "limited"; first: boolean } | { tag: "flood" }

interface Bucket {
  messages: number
  bytes: number
  /** When the buckets were last brought up to date (ms). */
  at: number
  /** Refusals since the last message let through. */
  refused: number
}

/** A rate limit over keys of type K; forget a key when what it names is gone. */
export function createRateLimit<K>(options: RateLimitOptions) {
  const { burst, perSecond, burstBytes, bytesPerSecond, floodAfter, now } =
    options
  const buckets = new Map<K, Bucket>()

  return {
    /** Takes a token and `bytes` for one message of `key`. */
    take(key: K, bytes: number): RateVerdict {
      const time = now()
      const bucket = buckets.get(key) ?? {
        messages: burst,
        bytes: burstBytes,
        at: time,
        refused: 0
      }
      buckets.set(key, bucket)
      const elapsed = Math.max(0, time - bucket.at) / 1000
      bucket.messages = Math.min(burst, bucket.messages + elapsed * perSecond)
      bucket.bytes = Math.min(
        burstBytes,
        bucket.bytes + elapsed * bytesPerSecond
      )
      bucket.at = time
      if (bucket.messages >= 1 && bucket.bytes >= bytes) {
        bucket.messages -= 1
        bucket.bytes -= bytes
        bucket.refused = 0
        return { tag: "pass" }
      }
      bucket.refused += 1
      if (bucket.refused >= floodAfter) return { tag: "flood" }
      return { tag: "limited", first: bucket.refused === 1 }
    },
    /** Drops what is known of `key`. */
    forget(key: K): void {
      buckets.delete(key)
    }
  }
}
