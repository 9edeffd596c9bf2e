import { Readiness, type ReadStage } from "~background/store/readiness"

type Name = "first" | "second"

/** A stage whose reads fail `failures` times, then succeed; records what happened. */
function stage(name: Name, failures = 0, delayMs?: number) {
  const events: string[] = []
  let left = failures
  const spec: ReadStage<Name> = {
    name,
    delayMs,
    read: async () => {
      events.push("read")
      if (left-- > 0) throw new Error(`${name} failed`)
    },
    done: (read) => void events.push(read ? "done" : "gave up")
  }
  return { spec, events }
}

describe("Readiness: its one retry loop", () => {
  beforeEach(() => jest.useFakeTimers())
  afterEach(() => jest.useRealTimers())

  it("tries three times, 50 then 100 ms apart, and gives up", async () => {
    const onError = jest.fn()
    const first = stage("first", Infinity)
    const ready = new Readiness([first.spec], { attempts: 3, onError })
    ready.start()
    await jest.advanceTimersByTimeAsync(0)
    expect(first.events).toEqual(["read"])
    await jest.advanceTimersByTimeAsync(49)
    expect(first.events).toEqual(["read"])
    await jest.advanceTimersByTimeAsync(1)
    expect(first.events).toEqual(["read", "read"])
    await jest.advanceTimersByTimeAsync(100)
    expect(first.events).toEqual(["read", "read", "read", "gave up"])
    expect(onError).toHaveBeenCalledTimes(3)
  })

  it("stops at the first read that succeeds", async () => {
    const onError = jest.fn()
    const first = stage("first", 1)
    const ready = new Readiness([first.spec], { attempts: 3, onError })
    const waiting = ready.whenReady("first")
    await jest.advanceTimersByTimeAsync(50)
    await waiting
    expect(first.events).toEqual(["read", "read", "done"])
    expect(onError).toHaveBeenCalledTimes(1)
  })
})

describe("Readiness", () => {
  beforeEach(() => jest.useFakeTimers())
  afterEach(() => jest.useRealTimers())

  it("is null once ready, so a caller pays nothing after loading", async () => {
    const first = stage("first")
    const ready = new Readiness([first.spec], {
      attempts: 3,
      onError: () => {}
    })
    const waiting = ready.whenReady("first")
    expect(waiting).toBeInstanceOf(Promise)
    // Asking again while it runs gives the same read, not a second one.
    expect(ready.whenReady("first")).toBe(waiting)
    await waiting
    expect(ready.whenReady("first")).toBeNull()
    expect(ready.isReady("first")).toBe(true)
    expect(first.events).toEqual(["read", "done"])
  })

  it("gives up after 3 attempts and counts the stage as ready without its state", async () => {
    const onError = jest.fn()
    const first = stage("first", Infinity)
    const ready = new Readiness([first.spec], { attempts: 3, onError })
    ready.start()
    await jest.advanceTimersByTimeAsync(150)
    expect(ready.whenReady("first")).toBeNull()
    expect(first.events).toEqual(["read", "read", "read", "gave up"])
    expect(onError).toHaveBeenCalledTimes(3)
  })

  it("starts the next stage by itself after its delay, or at once when asked", async () => {
    const first = stage("first")
    const second = stage("second", 0, 100)
    const ready = new Readiness([first.spec, second.spec], {
      attempts: 3,
      onError: () => {}
    })
    expect(ready.isReady("first")).toBe(false)
    ready.start()
    await jest.advanceTimersByTimeAsync(99)
    expect(ready.isReady("first")).toBe(true)
    expect(second.events).toEqual([])
    await jest.advanceTimersByTimeAsync(1)
    expect(second.events).toEqual(["read", "done"])

    const eager = stage("first")
    const later = stage("second", 0, 60_000)
    const asked = new Readiness([eager.spec, later.spec], {
      attempts: 3,
      onError: () => {}
    })
    // Asking for the second stage runs the first, then the second, now.
    await asked.whenReady("second")
    expect(eager.events).toEqual(["read", "done"])
    expect(later.events).toEqual(["read", "done"])
    // The timer that would have started it finds it done.
    await jest.advanceTimersByTimeAsync(60_000)
    expect(later.events).toEqual(["read", "done"])
  })

  it("runs a later stage after an earlier one that gave up", async () => {
    const first = stage("first", Infinity)
    const second = stage("second")
    const ready = new Readiness([first.spec, second.spec], {
      attempts: 2,
      onError: () => {}
    })
    const waiting = ready.whenReady("second")
    await jest.advanceTimersByTimeAsync(50)
    await waiting
    expect(first.events).toEqual(["read", "read", "gave up"])
    expect(second.events).toEqual(["read", "done"])
  })
})
