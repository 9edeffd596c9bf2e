import { act, renderHook } from "@testing-library/react"

import { usePort } from "."
import { chatPair } from "../test-support"

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

it("renders the status, sends, keeps the last reply as data and listens", async () => {
  const { client, servers, worker } = chatPair()
  const { result } = renderHook(() => usePort(client))
  expect(result.current.status).toBe("connecting")
  await act(() => jest.advanceTimersByTimeAsync(0))
  expect(result.current.status).toBe("connected")

  let reply: unknown
  await act(async () => {
    reply = await result.current.send("upper", { text: "hi" })
  })
  expect(reply).toEqual({ text: "HI" })
  expect(result.current.data).toEqual({ text: "HI" })

  const heard: string[] = []
  const unbind = result.current.listen("relay", ({ text }) => heard.push(text))
  await act(async () => {
    servers[0].emit("relay", { from: "w", text: "news" })
    await jest.advanceTimersByTimeAsync(0)
  })
  unbind()
  expect(heard).toEqual(["news"])

  act(() => result.current.disconnect())
  expect(result.current.status).toBe("disconnected")
  act(() => result.current.connect())
  await act(() => jest.advanceTimersByTimeAsync(0))
  expect(result.current.status).toBe("connected")
  expect(worker.starts).toBe(1)
})

it("renders the reconnect attempt and why the port dropped", async () => {
  const { client, worker } = chatPair(() => ({}), { lazy: true })
  const { result } = renderHook(() => usePort(client))
  expect(result.current).toMatchObject({
    status: "disconnected",
    attempt: 0,
    cause: null
  })
  act(() => result.current.connect())
  await act(() => jest.advanceTimersByTimeAsync(0))
  act(() => worker.stop())
  // The drop is seen; the first attempt is immediate and under way.
  await act(() => Promise.resolve())
  await act(() => Promise.resolve())
  expect(result.current).toMatchObject({
    status: "reconnecting",
    attempt: 1,
    cause: { code: "background-disconnected" }
  })
  await act(() => jest.advanceTimersByTimeAsync(0))
  expect(result.current).toMatchObject({ status: "connected", cause: null })
})
