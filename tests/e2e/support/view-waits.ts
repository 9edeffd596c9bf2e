import type { ViewPage } from "./view-page"

/** Waits until a view's timeline holds exactly `count` recorded entries (shown or not). */
export async function waitForLogCount(
  view: ViewPage,
  count: number
): Promise<void> {
  await view.page.waitForFunction(
    (n) =>
      document.querySelector("#log")?.getAttribute("data-count") === String(n),
    count,
    { timeout: 10_000 }
  )
}

/** Waits until a view's presence line reads exactly `text`. */
export async function waitForPresence(
  view: ViewPage,
  text: string
): Promise<void> {
  await view.page.waitForFunction(
    (expected) => document.querySelector("#presence")?.textContent === expected,
    text,
    { timeout: 10_000 }
  )
}
