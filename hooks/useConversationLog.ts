import { useEffect, useState, useSyncExternalStore } from "react"

import {
  ConversationLog,
  type LogSnapshot,
  type StorageChange
} from "~lib/conversation-log"
import type { ServerMessage } from "~lib/protocol"
import { throttleSubscribe } from "~lib/throttle-subscribe"

/**
 * Longest a burst of log changes waits to be drawn. A lone message is drawn
 * at once; during a flood the log redraws ten times a second instead of once
 * per message, which keeps the view responsive.
 */
const LOG_RENDER_INTERVAL_MS = 100

/** Where the log is read from (chrome.storage in the extension, a fake in tests). */
export interface LogSource {
  read: () => Promise<Record<string, unknown>>
  watch: (
    onChange: (changes: Record<string, StorageChange>) => void
  ) => () => void
}

/** The log as the extension stores it: `chrome.storage.session`. */
export const sessionLogSource: LogSource = {
  read: () => chrome.storage.session.get(null),
  watch(onChange) {
    const listener = (
      changes: Record<string, StorageChange>,
      areaName: string
    ) => {
      if (areaName === "session") onChange(changes)
    }
    chrome.storage.onChanged.addListener(listener)
    return () => chrome.storage.onChanged.removeListener(listener)
  }
}

/**
 * The shared conversation log: read from storage when the view opens (so it
 * is there again when the popup is reopened), then kept current by storage
 * changes and by the background's relays, which arrive first.
 */
export function useConversationLog(
  listen: (listener: (message: ServerMessage) => void) => () => void,
  source: LogSource = sessionLogSource
): LogSnapshot {
  const [log] = useState(() => new ConversationLog())
  const [subscribe] = useState(() =>
    throttleSubscribe(log.subscribe, LOG_RENDER_INTERVAL_MS)
  )

  useEffect(() => {
    let live = true
    // Changes that arrive while the first read is under way are applied
    // after it, so the read cannot overwrite something newer.
    let early: Array<Record<string, StorageChange>> | null = []
    const stop = source.watch((changes) => {
      if (early) early.push(changes)
      else log.applyChanges(changes)
    })
    source.read().then(
      (items) => {
        if (!live) return
        log.load(items)
        for (const changes of early ?? []) log.applyChanges(changes)
        early = null
      },
      (error) => {
        console.error("Could not read the conversation log", error)
        early = null
      }
    )
    return () => {
      live = false
      stop()
    }
  }, [log, source])

  useEffect(
    () =>
      listen((message) => {
        if (message.type === "relay") log.upsert(message.entry)
        else if (message.type === "log-cleared") log.clear()
      }),
    [listen, log]
  )

  return useSyncExternalStore(subscribe, log.getSnapshot)
}
