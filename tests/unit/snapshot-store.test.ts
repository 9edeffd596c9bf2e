import { createSnapshotStore } from "~views/snapshot-store"

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

test("with a throttle, tells a change and the next at once, and the rest of a burst once at its end", () => {
  let version = 0
  const store = createSnapshotStore(() => version, 16)
  const s = {
    emit: () => {
      version++
      store.changed()
    }
  }
  const onChange = jest.fn(() => {
    // A listener always reads the latest change.
    expect(store.getSnapshot()).toBe(version)
  })
  const unsubscribe = store.subscribe(onChange)
  s.emit()
  expect(onChange).toHaveBeenCalledTimes(1)
  // A reply a few ms after its Send is drawn at once too.
  jest.advanceTimersByTime(4)
  s.emit()
  expect(onChange).toHaveBeenCalledTimes(2)
  for (let i = 0; i < 1000; i++) s.emit()
  expect(onChange).toHaveBeenCalledTimes(2)
  // The burst's end: 16 ms after the first of the two.
  jest.advanceTimersByTime(11)
  expect(onChange).toHaveBeenCalledTimes(2)
  jest.advanceTimersByTime(1)
  expect(onChange).toHaveBeenCalledTimes(3)
  // A flood is drawn at most twice per interval.
  for (let ms = 0; ms < 160; ms++) {
    s.emit()
    jest.advanceTimersByTime(1)
  }
  expect(onChange.mock.calls.length - 3).toBeLessThanOrEqual(2 * 10 + 1)
  jest.advanceTimersByTime(100)
  const drawn = onChange.mock.calls.length
  s.emit()
  expect(onChange).toHaveBeenCalledTimes(drawn + 1)
  s.emit()
  s.emit()
  unsubscribe()
  jest.advanceTimersByTime(100)
  expect(onChange).toHaveBeenCalledTimes(drawn + 2)
})
