import type { CdpPage } from "~tools/browser/cdp-page"

/**
 * Runs `fn(arg)` inside the page and returns its (JSON) result. `fn` is sent
 * as source text, so it must be self-contained: no imports, no closures over
 * this module, everything it needs passed in `arg`.
 */
export function inPage<A, R>(
  page: CdpPage,
  fn: (arg: A) => R | Promise<R>,
  arg: A
): Promise<R> {
  return page.evaluate<R>(`(${fn.toString()})(${JSON.stringify(arg)})`)
}
