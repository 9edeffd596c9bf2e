/** @jest-environment node */
import { createPortPair, type FakePortEnd } from "mv3-port/testing"

import { burst } from "../../bench/page/port"
import { integrityProblems } from "../../bench/report/goals"
import type { BenchResults } from "../../bench/support/results"

/**
 * A worker behind a fake port that answers every send request in
 * mv3-port's wire, except as told: ids it never answers, ids it answers
 * twice, and pairs it answers swapped.
 */
function fakeWorker(
  script: { drop?: string[]; twice?: string[]; swap?: [string, string] } = {}
) {
  let held: { id: string } | null = null
  const answer = (server: FakePortEnd, id: string) =>
    server.postMessage({ k: "res", id, output: { id, seq: 1, reply: "ok" } })
  ;(globalThis as unknown as { chrome: unknown }).chrome = {
    runtime: {
      connect: () => {
        const { client, server } = createPortPair()
        server.onMessage.addListener((raw) => {
          const message = raw as { k: string; id?: string }
          if (message.k === "hello") return server.postMessage({ k: "welcome" })
          const id = message.id!
          if (script.drop?.includes(id)) return
          if (script.swap?.[0] === id) return void (held = { id })
          answer(server, id)
          if (script.twice?.includes(id)) answer(server, id)
          if (held && script.swap?.[1] === id) {
            answer(server, held.id)
            held = null
          }
        })
        return client
      }
    }
  }
}

const run = () => burst({ portName: "p", n: 20, idPrefix: "b", quietMs: 50 })

afterEach(() => {
  delete (globalThis as { chrome?: unknown }).chrome
})

describe("the benchmark's burst check", () => {
  it("counts every reply once when all arrive in order", async () => {
    fakeWorker()
    expect(await run()).toMatchObject({
      sent: 20,
      received: 20,
      lost: 0,
      outOfOrder: 0,
      duplicates: 0
    })
  })

  it("cannot measure a worker that falls silent: late is not lost", async () => {
    fakeWorker({ drop: ["b-19", "b-closing"] })
    await expect(run()).rejects.toThrow(
      "burst: no reply for 50 ms, 19 of 20 in"
    )
  })

  it("counts lost, duplicated and reordered replies", async () => {
    fakeWorker({ drop: ["b-3", "b-17"], twice: ["b-5"], swap: ["b-8", "b-9"] })
    expect(await run()).toMatchObject({
      received: 18,
      lost: 2,
      outOfOrder: 1,
      duplicates: 1
    })
  })
})

describe("integrityProblems (what fails the CI benchmark)", () => {
  const clean = { lost: 0, outOfOrder: 0, duplicates: 0 }
  const results = (ours: typeof clean, pkg = clean) =>
    ({
      burst: { ours, baseline: clean },
      heap: { ours: { burst: clean }, baseline: { burst: clean } },
      packagePort: { burst: { package: pkg, raw: clean } }
    }) as unknown as BenchResults

  it("passes a clean run and fails on any lost, reordered or duplicated message", () => {
    expect(integrityProblems(results(clean))).toEqual([])
    expect(
      integrityProblems(results({ lost: 2, outOfOrder: 1, duplicates: 3 }))
    ).toEqual([
      "ours, burst lost 2 message(s)",
      "ours, burst reordered 1 message(s)",
      "ours, burst duplicated 3 message(s)"
    ])
  })

  it("fails on mv3-port's burst too", () => {
    expect(
      integrityProblems(results(clean, { ...clean, duplicates: 1 }))
    ).toEqual(["mv3-port, burst duplicated 1 message(s)"])
  })
})
