import { useCallback, useEffect, useRef, useState } from "react"

import type { ServerError } from "~views/conversation-types"
import { failureOf } from "~views/own-messages"
import {
  joinBlocked,
  refusalReason,
  type JoinBlocked
} from "~views/tab-joinable"

/** Where "Join from this tab" stands. */
export type TabJoin =
  | { tag: "looking" }
  | { tag: "blocked"; reason: JoinBlocked }
  | { tag: "ready"; tabId: number }
  | { tag: "joining"; tabId: number }
  | { tag: "joined"; tabId: number }
  | { tag: "failed"; tabId: number; error: ServerError }

/** True where the background can inject scripts (`scripting` granted and supported). */
function canInject(): boolean {
  return typeof globalThis.chrome?.scripting?.executeScript === "function"
}

/**
 * Where the active tab of this view's window stands. `currentWindow`, not
 * `lastFocusedWindow`: without a window manager (Xvfb) the latter finds no
 * window. The tab's URL is visible only under the `activeTab` grant the
 * user's click on the toolbar icon (or its shortcut) made, and since Chrome
 * 156 not on the browser's own pages even then: without a URL, a no-op
 * script tells them apart by how Chrome refuses it (it runs nowhere the
 * extension could not already see the URL).
 */
async function lookAtActiveTab(): Promise<TabJoin> {
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true })
  if (tab?.id === undefined) return { tag: "blocked", reason: "no-access" }
  const tabId = tab.id
  let url = tab.url
  if (url === undefined) {
    try {
      const [frame] = await chrome.scripting.executeScript({
        target: { tabId },
        func: () => location.href
      })
      url = typeof frame?.result === "string" ? frame.result : undefined
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      return { tag: "blocked", reason: refusalReason(message) }
    }
  }
  const reason = joinBlocked(url)
  return reason ? { tag: "blocked", reason } : { tag: "ready", tabId }
}

/** The active tab of this view's window and whether the widget can join it. */
export function useTabJoin(joinTab: (tabId: number) => Promise<unknown>) {
  const [state, setState] = useState<TabJoin>(() =>
    canInject() ? { tag: "looking" } : { tag: "blocked", reason: "unsupported" }
  )

  useEffect(() => {
    if (!canInject()) return
    let live = true
    lookAtActiveTab().then(
      (looked) => live && setState(looked),
      () => live && setState({ tag: "blocked", reason: "no-access" })
    )
    return () => {
      live = false
    }
  }, [])

  // Also while joining: an answer lost with a worker stop must not leave the
  // button dead, and joining a tab twice keeps its one widget.
  // Each join has its own promise: only the latest one's answer counts.
  const latest = useRef(0)
  const join = useCallback(() => {
    if (state.tag === "looking" || state.tag === "blocked") return
    const { tabId } = state
    const attempt = ++latest.current
    setState({ tag: "joining", tabId })
    joinTab(tabId).then(
      () => latest.current === attempt && setState({ tag: "joined", tabId }),
      (error) => {
        if (latest.current !== attempt) return
        const failure = failureOf(error, 0)
        const why = failure.code === "rejected" ? failure.error : failure
        setState({ tag: "failed", tabId, error: why })
      }
    )
  }, [joinTab, state])

  return { state, join }
}
