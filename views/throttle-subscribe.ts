type Subscribe = (onChange: () => void) => () => void

/** Changes passed at once within one interval, before the rest wait for its end. */
const AT_ONCE = 2

/**
 * Wraps a `useSyncExternalStore` subscribe function so that React hears of
 * changes at most twice per `intervalMs`: a message and its reply (a Send,
 * then its answer a few ms later) are each drawn at once, and the rest of a
 * burst once when the interval ends, so a flood costs two renders per
 * interval, not one per message.
 */
export function throttleSubscribe(
  subscribe: Subscribe,
  intervalMs: number
): Subscribe {
  return (onChange) => {
    // When the last AT_ONCE changes were passed on, oldest first.
    const fired: number[] = []
    let timer: ReturnType<typeof setTimeout> | null = null
    const fire = () => {
      timer = null
      fired.push(Date.now())
      if (fired.length > AT_ONCE) fired.shift()
      onChange()
    }
    const unsubscribe = subscribe(() => {
      if (timer) return
      const wait =
        fired.length < AT_ONCE ? 0 : fired[0] + intervalMs - Date.now()
      if (wait <= 0) fire()
      else timer = setTimeout(fire, wait)
    })
    return () => {
      unsubscribe()
      if (timer) clearTimeout(timer)
    }
  }
}
