import { act, render, screen } from "@testing-library/react"

import { LogView } from "~components/LogView"
import { useConversationLog, type LogSource } from "~hooks/useConversationLog"
import {
  ConversationLog,
  DROPPED_KEY,
  ENTRY_PREFIX,
  LOG_SHOWN,
  type StorageChange
} from "~lib/conversation-log"
import type { LogEntry, ServerMessage } from "~lib/protocol"

function entry(seq: number, clientId = "me", text = `m${seq}`): LogEntry {
  return {
    id: `id-${seq}`,
    seq,
    at: Date.UTC(2026, 10, 23, 12, 0, 0, seq),
    from: { clientId, kind: clientId === "me" ? "popup" : "sidepanel" },
    text,
    reply: `Background received: "${text}"`
  }
}

const key = (seq: number) => ENTRY_PREFIX + String(seq).padStart(12, "0")

describe("ConversationLog", () => {
  it("loads from storage in seq order, ignoring what is not an entry", () => {
    const log = new ConversationLog()
    log.load({
      [key(2)]: entry(2),
      [key(1)]: entry(1),
      junk: 1,
      [key(3)]: { seq: 3 }
    })
    expect(log.entries().map((e) => e.seq)).toEqual([1, 2])
  })

  it("applies additions, removals and the dropped count from storage changes", () => {
    const log = new ConversationLog()
    log.load({ [key(1)]: entry(1), [key(2)]: entry(2) })
    log.applyChanges({
      [key(3)]: { newValue: entry(3) },
      [key(1)]: { oldValue: entry(1) },
      [DROPPED_KEY]: { newValue: 1 }
    })
    expect(log.entries().map((e) => e.seq)).toEqual([2, 3])
    expect(log.getSnapshot().dropped).toBe(1)
    expect(log.applyChanges({ unrelated: { newValue: 1 } })).toBe(false)
  })

  it("stores an entry once when it arrives both as a relay and from storage", () => {
    const log = new ConversationLog()
    log.upsert(entry(1))
    log.applyChanges({ [key(1)]: { newValue: entry(1) } })
    expect(log.entries()).toHaveLength(1)
  })

  it("shows at most the last 500 and counts the rest as dropped", () => {
    const log = new ConversationLog()
    const items: Record<string, unknown> = {}
    for (let seq = 1; seq <= LOG_SHOWN + 20; seq++) items[key(seq)] = entry(seq)
    log.load({ ...items, [DROPPED_KEY]: 5 })
    expect(log.entries()).toHaveLength(LOG_SHOWN)
    expect(log.entries()[0].seq).toBe(21)
    expect(log.droppedCount()).toBe(25)
  })
})

/** A fake storage source with a controllable first read. */
function fakeSource(initial: Record<string, unknown>) {
  let emit: (changes: Record<string, StorageChange>) => void = () => {}
  let resolveRead: (items: Record<string, unknown>) => void = () => {}
  const source: LogSource = {
    read: () => new Promise((resolve) => (resolveRead = resolve)),
    watch: (onChange) => {
      emit = onChange
      return () => (emit = () => {})
    }
  }
  return {
    source,
    finishRead: () => resolveRead(initial),
    change: (changes: Record<string, StorageChange>) => emit(changes)
  }
}

describe("useConversationLog", () => {
  function Harness({
    source,
    listeners
  }: {
    source: LogSource
    listeners: Set<(m: ServerMessage) => void>
  }) {
    const log = useConversationLog((listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    }, source)
    return (
      <LogView
        log={log}
        clientId="me"
        deliveries={new Map([["id-1", { state: "replied", rttMs: 1.25 }]])}
        canClear
        onClear={() => {}}
      />
    )
  }

  it("reads the stored log, keeps changes made during the read, follows relays and clears", async () => {
    const fake = fakeSource({ [key(1)]: entry(1) })
    const listeners = new Set<(m: ServerMessage) => void>()
    render(<Harness source={fake.source} listeners={listeners} />)
    expect(screen.getByText("No messages yet.")).toBeInTheDocument()
    // A change that lands before the first read finishes is not lost.
    act(() => fake.change({ [key(2)]: { newValue: entry(2, "other") } }))
    await act(async () => fake.finishRead())
    expect(document.querySelectorAll(".log-entry")).toHaveLength(2)
    expect(screen.getByText("Popup (this view)")).toBeInTheDocument()
    expect(screen.getByText("replied in 1.3 ms")).toBeInTheDocument()
    expect(screen.getByText("relayed")).toBeInTheDocument()

    act(() =>
      listeners.forEach((l) => l({ type: "relay", entry: entry(3, "other") }))
    )
    // Changes in a burst are drawn together, at most 100 ms later.
    await act(() => new Promise((resolve) => setTimeout(resolve, 120)))
    expect(document.querySelectorAll(".log-entry")).toHaveLength(3)
    act(() => listeners.forEach((l) => l({ type: "log-cleared" })))
    await act(() => new Promise((resolve) => setTimeout(resolve, 120)))
    expect(document.querySelectorAll(".log-entry")).toHaveLength(0)
  })

  it("renders hostile text in the log as text", async () => {
    const payload =
      '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'
    const fake = fakeSource({ [key(1)]: entry(1, "other", payload) })
    render(<Harness source={fake.source} listeners={new Set()} />)
    await act(async () => fake.finishRead())
    expect(document.querySelector(".log-out")?.textContent).toBe(`→ ${payload}`)
    expect(document.querySelector("#log img, #log script")).toBeNull()
  })

  it("says how many older entries were dropped", async () => {
    const fake = fakeSource({ [key(9)]: entry(9), [DROPPED_KEY]: 8 })
    render(<Harness source={fake.source} listeners={new Set()} />)
    await act(async () => fake.finishRead())
    expect(document.querySelector("#logDropped")).toHaveTextContent(
      "8 older entries were dropped"
    )
  })
})
