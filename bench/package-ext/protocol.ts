// What the bench extension's page and worker say to each other: one request
// of mv3-port's, "echo", and the raw port's equivalent, with the same
// payload both ways so the two sides differ only in what carries it.
import { defineProtocol } from "mv3-port"

/** The payload of one echo: a run's tag, the issue index and a short text. */
export interface Echo {
  run: string
  i: number
  text: string
}

/** The echo as the worker's handler answers it: `seq` is the order it ran in. */
export interface Echoed extends Echo {
  seq: number
}

const isEcho = (value: unknown): value is Echo => {
  const v = value as Partial<Echo> | null
  return (
    typeof v?.run === "string" &&
    typeof v.i === "number" &&
    typeof v.text === "string"
  )
}

const isEchoed = (value: unknown): value is Echoed =>
  isEcho(value) && typeof (value as Partial<Echoed>).seq === "number"

/** The package's side, checked both ways as an app's protocol would be. */
export const protocol = defineProtocol({
  requests: { echo: { input: isEcho, output: isEchoed } }
})

/** The port name the package's server serves. */
export const PACKAGE_PORT = "package"
/** The port name the worker's raw handler serves. */
export const RAW_PORT = "raw"

/** The raw port's messages to the worker. */
export type RawToWorker =
  | { k: "echo"; id: number; input: Echo }
  /** How often the handler ran for run `run` (bench bookkeeping, untimed). */
  | { k: "tally"; run: string }

/** The raw port's messages to the page. */
export type RawToPage =
  { k: "echoed"; id: number; output: Echoed } | ({ k: "tally" } & Tally)

/** What the worker's handler saw of one run. */
export interface Tally {
  /** Distinct issue indices handled. */
  handled: number
  /** Runs of the handler beyond the first for the same index. */
  duplicates: number
}

/** The payload of issue index `i` of run `run`, the same on both sides. */
export function payload(run: string, i: number): Echo {
  return { run, i, text: `message ${i} of the benchmark` }
}
