import { throttleSubscribe } from "~views/throttle-subscribe"

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

function source() {
  const listeners = new Set<() => void>()
  return {
    subscribe: (l: () => void) => {
      listeners.add(l)
      return () => listeners.delete(l)
    },
    emit: () => listeners.forEach((l) => l())
  }
}

test("passes the first change at once and a burst once at its end", () => {
  const s = source()
  const onChange = jest.fn()
  const unsubscribe = throttleSubscribe(s.subscribe, 16)(onChange)
  s.emit()
  expect(onChange).toHaveBeenCalledTimes(1)
  for (let i = 0; i < 1000; i++) s.emit()
  expect(onChange).toHaveBeenCalledTimes(1)
  jest.advanceTimersByTime(16)
  expect(onChange).toHaveBeenCalledTimes(2)
  jest.advanceTimersByTime(100)
  s.emit()
  expect(onChange).toHaveBeenCalledTimes(3)
  s.emit()
  unsubscribe()
  jest.advanceTimersByTime(100)
  expect(onChange).toHaveBeenCalledTimes(3)
})
