// The bench extension's page: mv3-port's client and a raw port to the same
// worker, measured by the functions npm run bench calls through
// `globalThis.__packageBench` (see bench/phases/package-port.ts).
import { packageBurst, rawBurst } from "./burst"
import { connectClient } from "./client"
import { payload } from "./protocol"
import { openRawPort } from "./raw-port"

export interface RoundTripArgs {
  /** Tags this block's payloads (the worker counts per run). */
  run: string
  /** Timed round trips. */
  n: number
  /** Untimed ones first: the connection, the JIT, a sleepy worker. */
  warmup: number
}

/** Sequential `await client.request("echo", …)`; ms per round trip. */
async function packageRoundTrips(args: RoundTripArgs): Promise<number[]> {
  const client = connectClient()
  const samples: number[] = []
  for (let i = 0; i < args.warmup + args.n; i++) {
    const input = payload(args.run, i)
    const started = performance.now()
    await client.request("echo", input)
    if (i >= args.warmup) samples.push(performance.now() - started)
  }
  client.disconnect()
  return samples
}

/** Sequential postMessage → reply on a raw port; ms per round trip. */
async function rawRoundTrips(args: RoundTripArgs): Promise<number[]> {
  const port = openRawPort()
  const samples: number[] = []
  for (let i = 0; i < args.warmup + args.n; i++) {
    const input = payload(args.run, i)
    const started = performance.now()
    await port.echo(i, input)
    if (i >= args.warmup) samples.push(performance.now() - started)
  }
  port.close()
  return samples
}

const bench = {
  packageRoundTrips,
  rawRoundTrips,
  packageBurst,
  rawBurst,
  /** Whether performance.now() is fine-grained here (5 µs instead of 100). */
  isolated: () => crossOriginIsolated
}

/** What the page offers the bench. */
export type PackageBench = typeof bench

Object.assign(globalThis, { __packageBench: bench })
