import { median } from "./stats"

/** One side's bursts: each run, the median rate, and each count summed over runs. */
export type BurstSideOf<R, K extends keyof R> = {
  runs: R[]
  /** Median over runs. */
  msgsPerSec: number
} & Record<K, number>

/** Sums `counts` over `runs` and takes the median rate. */
export function burstSide<
  R extends { msgsPerSec: number } & Record<K, number>,
  K extends keyof R & string
>(runs: R[], counts: readonly K[]): BurstSideOf<R, K> {
  const totals = Object.fromEntries(
    counts.map((key) => [key, runs.reduce((sum, run) => sum + run[key], 0)])
  ) as Record<K, number>
  return {
    runs,
    msgsPerSec: median(runs.map((run) => run.msgsPerSec)),
    ...totals
  }
}
