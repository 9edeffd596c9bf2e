type Subscribe = (onChange: () => void) => () => void

/**
 * Wraps a `useSyncExternalStore` subscribe function so that React hears of
 * changes at most once per `intervalMs`: the first change at once (a single
 * message still shows within a frame), the rest of a burst once at its end,
 * so a flood costs one render per interval, not one per message.
 */
export function throttleSubscribe(
  subscribe: Subscribe,
  intervalMs: number
): Subscribe {
  return (onChange) => {
    let last = -Infinity
    let timer: ReturnType<typeof setTimeout> | null = null
    const fire = () => {
      timer = null
      last = Date.now()
      onChange()
    }
    const unsubscribe = subscribe(() => {
      if (timer) return
      const wait = last + intervalMs - Date.now()
      if (wait <= 0) fire()
      else timer = setTimeout(fire, wait)
    })
    return () => {
      unsubscribe()
      if (timer) clearTimeout(timer)
    }
  }
}
