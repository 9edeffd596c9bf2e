import { useCallback, useEffect, useState } from "react"

import type { ClientMessage, ErrorData, ServerMessage } from "~protocol"
import { joinBlocked, type JoinBlocked } from "~views/tab-joinable"

/** Where "Join from this tab" stands. */
export type TabJoin =
  | { tag: "looking" }
  | { tag: "blocked"; reason: JoinBlocked }
  | { tag: "ready"; tabId: number }
  | { tag: "joining"; tabId: number; id: string }
  | { tag: "joined"; tabId: number }
  | { tag: "failed"; tabId: number; error: ErrorData }

/** What the hook needs of the view's connection. */
interface JoinConnection {
  post(message: ClientMessage): boolean
  listen(listener: (message: ServerMessage) => void): () => void
}

/** True where the background can inject scripts (`scripting` granted and supported). */
function canInject(): boolean {
  return typeof globalThis.chrome?.scripting?.executeScript === "function"
}

/**
 * The active tab of this view's window and whether the widget can join it.
 * `currentWindow`, not `lastFocusedWindow`: without a window manager (Xvfb)
 * the latter finds no window. The tab's URL is visible only under the
 * `activeTab` grant the user's click on the toolbar icon made.
 */
export function useTabJoin(connection: JoinConnection) {
  const [state, setState] = useState<TabJoin>(() =>
    canInject() ? { tag: "looking" } : { tag: "blocked", reason: "unsupported" }
  )
  const { post, listen } = connection

  useEffect(() => {
    if (!canInject()) return
    let live = true
    chrome.tabs.query({ active: true, currentWindow: true }).then(
      ([tab]) => {
        if (!live) return
        const reason =
          tab?.id === undefined ? "no-access" : joinBlocked(tab.url)
        setState(
          reason ? { tag: "blocked", reason } : { tag: "ready", tabId: tab.id! }
        )
      },
      () => live && setState({ tag: "blocked", reason: "no-access" })
    )
    return () => {
      live = false
    }
  }, [])

  useEffect(
    () =>
      listen((message) => {
        setState((current) => {
          if (current.tag !== "joining" || !("id" in message)) return current
          if (message.id !== current.id) return current
          const { tabId } = current
          if (message.type === "tab-joined") return { tag: "joined", tabId }
          if (message.type === "error") {
            return { tag: "failed", tabId, error: message }
          }
          return current
        })
      }),
    [listen]
  )

  // Also while joining: an answer lost with a worker stop must not leave the
  // button dead, and joining a tab twice keeps its one widget.
  const join = useCallback(() => {
    if (state.tag === "looking" || state.tag === "blocked") return
    const { tabId } = state
    const id = crypto.randomUUID()
    if (post({ type: "join-tab", id, tabId })) {
      setState({ tag: "joining", tabId, id })
    }
  }, [post, state])

  return { state, join }
}
