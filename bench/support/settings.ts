/** How much of each measurement a run does. */
export interface Settings {
  mode: "full" | "quick"
  rtt: { blocks: number; perBlock: number; warmup: number }
  ui: { blocks: number; perBlock: number }
  burst: { runs: number; messages: number }
  load: { loads: number }
  recovery: { trials: number }
  log: { entries: number; loads: number; appends: number }
  /** Our popup opened on a stored log of `entries` vs an empty one. */
  logLoad: { entries: number; blocks: number; perBlock: number }
  /** Fresh browsers launched, one first open of each popup in each. */
  firstOpen: { samples: number }
  /** Baseline plus one of our per-message costs at a time (full runs only). */
  ablation: { blocks: number; perBlock: number; warmup: number } | null
  /**
   * Streams: the file Send file uploads (MB), raw transfers of it, the
   * points of an upload at which the worker is stopped, and streamed/whole
   * reply pairs.
   */
  streams: {
    fileMB: number
    rawRuns: number
    stopFractions: readonly number[]
    replies: number
  }
  /**
   * mv3-port against a raw port in the bench extension: `warmup` untimed
   * round trips per side, blocks of sequential round trips, then bursts of
   * `burstMessages`, alternating.
   */
  packagePort: {
    blocks: number
    perBlock: number
    warmup: number
    burstRuns: number
    burstMessages: number
  }
  /** Build with source maps and attribute the popup's bytes to modules. */
  bundleAnalysis: boolean
}

/** The full run, or the quick one CI runs (fewer samples of each figure). */
export function settingsFor(quick: boolean): Settings {
  return quick
    ? {
        mode: "quick",
        rtt: { blocks: 2, perBlock: 500, warmup: 50 },
        ui: { blocks: 2, perBlock: 20 },
        burst: { runs: 1, messages: 10_000 },
        load: { loads: 10 },
        recovery: { trials: 3 },
        log: { entries: 500, loads: 3, appends: 5 },
        logLoad: { entries: 500, blocks: 2, perBlock: 4 },
        firstOpen: { samples: 1 },
        ablation: null,
        streams: {
          fileMB: 20,
          rawRuns: 2,
          stopFractions: [0.3, 0.6],
          replies: 5
        },
        packagePort: {
          blocks: 8,
          perBlock: 100,
          warmup: 300,
          burstRuns: 3,
          burstMessages: 2000
        },
        bundleAnalysis: false
      }
    : {
        mode: "full",
        rtt: { blocks: 4, perBlock: 500, warmup: 100 },
        ui: { blocks: 4, perBlock: 50 },
        burst: { runs: 5, messages: 10_000 },
        load: { loads: 40 },
        recovery: { trials: 10 },
        log: { entries: 500, loads: 10, appends: 20 },
        logLoad: { entries: 500, blocks: 4, perBlock: 8 },
        firstOpen: { samples: 3 },
        ablation: { blocks: 2, perBlock: 500, warmup: 100 },
        streams: {
          fileMB: 100,
          rawRuns: 3,
          stopFractions: [0.15, 0.35, 0.55, 0.75],
          replies: 20
        },
        packagePort: {
          blocks: 20,
          perBlock: 150,
          warmup: 500,
          burstRuns: 5,
          burstMessages: 10_000
        },
        bundleAnalysis: true
      }
}
