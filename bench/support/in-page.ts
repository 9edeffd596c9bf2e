import type { CdpPage } from "~tools/browser/cdp-page"

/**
 * The source text of the call `fn(arg)`, to run in a page. `fn` is sent as
 * source text, so it must be self-contained: no imports, no closures over
 * this module, everything it needs passed in `arg`.
 *
 * tsx compiles with esbuild's keepNames, which wraps named inner functions
 * in calls to a `__name` helper that exists only in Node; the page gets a
 * stand-in that returns the function unchanged
 * (https://github.com/privatenumber/tsx/issues/113).
 */
export function callSource<A>(fn: (arg: A) => unknown, arg?: A): string {
  const args = arg === undefined ? "" : JSON.stringify(arg)
  return `((__name) => (${fn.toString()})(${args}))((target) => target)`
}

/** Runs `fn(arg)` inside the page and returns its (JSON) result. */
export function inPage<A, R>(
  page: CdpPage,
  fn: (arg: A) => R | Promise<R>,
  arg: A
): Promise<R> {
  return page.evaluate<R>(callSource(fn, arg))
}
