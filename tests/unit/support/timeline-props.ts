import { act } from "@testing-library/react"
import type { ComponentProps } from "react"

import type { Timeline } from "~components/Timeline"
import type { LogSnapshot } from "~views/conversation-log"
import { createTimelineScroll } from "~views/timeline-scroll"

type TimelineProps = ComponentProps<typeof Timeline>

/**
 * The timeline's props as the popup passes them, over `log`, for a view
 * ("me") that has sent nothing; `overrides` replace any of them.
 */
export function timelineProps(
  log: LogSnapshot,
  overrides: Partial<TimelineProps> = {}
): TimelineProps {
  return {
    log,
    kind: "popup",
    clientId: "me",
    deliveries: { subscribe: () => () => {}, get: () => undefined },
    scroll: createTimelineScroll(),
    sent: 0,
    replied: 0,
    failed: 0,
    hiddenFailed: 0,
    canClear: true,
    onClear: () => {},
    onRetry: () => {},
    canRetry: true,
    ...overrides
  }
}

/**
 * Gives jsdom's list a layout (600 px of rows, 200 in view) and scrolls it
 * as a reader would: a scroll event at the end, then one at `to` px.
 */
export function scrollListUp(list: Element, to: number): void {
  for (const [name, value] of [
    ["scrollHeight", 600],
    ["clientHeight", 200],
    ["scrollTop", 400]
  ] as const) {
    Object.defineProperty(list, name, {
      configurable: true,
      writable: true,
      value
    })
  }
  act(() => void list.dispatchEvent(new Event("scroll")))
  list.scrollTop = to
  act(() => void list.dispatchEvent(new Event("scroll")))
}
