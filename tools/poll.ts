/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Calls `ready` every `intervalMs` until it is true; throws `timeoutError()`
 * once `timeoutMs` have passed without it.
 */
export async function pollUntil(
  ready: () => boolean | Promise<boolean>,
  timeoutMs: number,
  timeoutError: () => Error,
  intervalMs = 25
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await ready())) {
    if (Date.now() > deadline) throw timeoutError()
    await sleep(intervalMs)
  }
}

/** Like `pollUntil`, for a value: calls `find` until it returns one, and returns it. */
export async function pollFor<T>(
  find: () => T | undefined | Promise<T | undefined>,
  timeoutMs: number,
  timeoutError: () => Error,
  intervalMs = 25
): Promise<T> {
  let found: T | undefined
  await pollUntil(
    async () => (found = await find()) !== undefined,
    timeoutMs,
    timeoutError,
    intervalMs
  )
  return found!
}
