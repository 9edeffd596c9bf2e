import { createSnapshotStore } from "./snapshot-store"

/**
 * The timeline's scroll position as the reader controls it: it follows the
 * newest row until the reader scrolls away from the end, then stays where
 * they are and remembers the newest row they had seen (for "N new"), until
 * they scroll back down or jump there. Framework-free: the view hands it its
 * scroll element and calls it from events.
 */

/** Closer than this to the end (a partly shown row, a zoom rounding) counts as at the end. */
const AT_END_PX = 24
/** How far one Arrow key press from the composer scrolls. */
const LINE_PX = 40

/** Where the reader is. */
type FollowState =
  { following: true } | { following: false; lastSeen: string | null }

/** The parts of a scroll element the follower uses (an `HTMLElement`, or a fake in tests). */
export type Scroller = Pick<
  HTMLElement,
  "scrollHeight" | "scrollTop" | "clientHeight" | "scrollTo" | "scrollBy"
>

const FOLLOWING: FollowState = { following: true }

/** One view's timeline scroll. */
export function createTimelineScroll() {
  let element: Scroller | null = null
  let state: FollowState = FOLLOWING
  /** Distance from the end to keep while rows are added above (see `holdPosition`). */
  let held: number | null = null
  /** scrollTop at the last scroll event, or after our own last scroll. */
  let lastTop = 0
  /** The newest row's key, as the view last said (for "N new" after a key's scroll). */
  let newest: string | null = null
  const store = createSnapshotStore(() => state)

  function set(next: FollowState): void {
    if (next.following === state.following) return
    state = next
    store.changed()
  }
  const atEnd = (el: Scroller) =>
    el.scrollHeight - el.scrollTop - el.clientHeight < AT_END_PX
  /**
   * Scrolls for the follower itself, and takes where that left the view as
   * the last position: Chrome fires one scroll event per frame for all the
   * scrolls in it, so a key's scroll up in the same frame as ours would
   * otherwise be measured from before ours and, after a tall new row, read
   * as a scroll down, and the reader would be pulled along.
   */
  function scrollOurselves(top: number): void {
    if (!element) return
    element.scrollTo({ top })
    lastTop = element.scrollTop
  }
  const toEnd = () => scrollOurselves(Number.MAX_SAFE_INTEGER)

  return {
    /** The scroll element, once rendered (null when it goes). */
    attach(el: Scroller | null): void {
      element = el
      lastTop = el?.scrollTop ?? 0
    },
    subscribe: store.subscribe,
    getState: store.getSnapshot,
    /**
     * A scroll happened; `newestKey` is the newest row's key right now. Only
     * a scroll up leaves the end: rows arriving between our own scroll to
     * the end and its scroll event put the end further away without the
     * reader having moved, and must not stop the following.
     */
    scrolled(newestKey: string | null): void {
      newest = newestKey
      if (!element) return
      const top = element.scrollTop
      const up = top < lastTop
      lastTop = top
      if (atEnd(element)) set(FOLLOWING)
      else if (up) set({ following: false, lastSeen: newestKey })
    },
    /**
     * Rows changed (`newestKey` is the newest row's key now): while
     * following, brings the newest into view in the next
     * frame, where it shares the layout the paint needs (once for however
     * many rows arrived) instead of forcing one while a reply is handled.
     * Returns the cancel, for an effect's cleanup.
     */
    keepNewestInView(newestKey: string | null = newest): () => void {
      newest = newestKey
      if (!state.following) return () => {}
      // Asked again in the frame: a reader who scrolled up since (a key in
      // the composer, whose scroll event comes before this frame's
      // callbacks) is not pulled back to the end.
      const frame = requestAnimationFrame(() => {
        if (state.following) toEnd()
      })
      return () => cancelAnimationFrame(frame)
    },
    /**
     * Call before rows are added above the reader ("Show older"), then
     * `restorePosition` once they are in the DOM: the rows in view stay in
     * view. (The list sets `overflow-anchor: none`, so that the browser's
     * own anchoring never moves the view while the newest rows are followed.)
     */
    holdPosition(): void {
      if (element) held = element.scrollHeight - element.scrollTop
    },
    restorePosition(): void {
      if (!element || held === null) return
      scrollOurselves(element.scrollHeight - held)
      held = null
    },
    /** Jumps to the newest row and follows again (the "N new" button). */
    jumpToNewest(): void {
      set(FOLLOWING)
      toEnd()
    },
    /**
     * Follows again from the next change of rows on (a Send, whose row is
     * about to be added): no scroll now, so the click forces no layout;
     * `keepNewestInView` scrolls with the next frame.
     */
    followNewest(): void {
      set(FOLLOWING)
    },
    /**
     * Scrolls for a key pressed in the composer: Up/Down by a line,
     * PageUp/PageDown by a screen less a line. True when it was one of them.
     */
    key(key: string): boolean {
      if (!element) return false
      const page = Math.max(LINE_PX, element.clientHeight - LINE_PX)
      const by = new Map([
        ["ArrowUp", -LINE_PX],
        ["ArrowDown", LINE_PX],
        ["PageUp", -page],
        ["PageDown", page]
      ]).get(key)
      if (by === undefined) return false
      element.scrollBy({ top: by })
      // Decided now, not at the scroll event: that comes with the next
      // frame, and a page in a background tab has none until it is shown
      // again, while rows that arrive meanwhile would pull the reader down.
      if (by < 0 && !atEnd(element)) {
        lastTop = element.scrollTop
        set({ following: false, lastSeen: newest })
      }
      return true
    }
  }
}

/** A view's timeline scroll. */
export type TimelineScroll = ReturnType<typeof createTimelineScroll>
