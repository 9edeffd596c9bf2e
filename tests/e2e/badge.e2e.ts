import { FAILED_COLORS, WAITING_COLORS } from "~badge/state"
import { badgeKey } from "~storage/layout"
import { pollUntil } from "~tools/poll"

import { setUpExtensionSession } from "./support/session-fixture"
import type { ViewPage } from "./support/view-page"

/**
 * The toolbar badge as the user sees it, read back with
 * `chrome.action.getBadgeText` from one of our pages: clear while all is
 * well, the count of waiting messages while a view reconnects, a red `!`
 * while a view has failed, and clear again without anyone clearing it.
 */
const session = setUpExtensionSession({ noWorkerErrors: true })

interface Badge {
  text: string
  /** #rrggbb */
  color: string
  title: string
}

/** The badge as `chrome.action` reports it, read in `view`'s page. */
function readBadge(view: ViewPage): Promise<Badge> {
  return view.page.evaluate(async () => {
    const [text, rgba, title] = await Promise.all([
      chrome.action.getBadgeText({}),
      chrome.action.getBadgeBackgroundColor({}),
      chrome.action.getTitle({})
    ])
    const hex = rgba
      .slice(0, 3)
      .map((c) => c.toString(16).padStart(2, "0").toUpperCase())
      .join("")
    return { text, color: `#${hex}`, title }
  })
}

/** Waits until the badge's text is `text`; returns the badge. */
async function badgeShows(view: ViewPage, text: string): Promise<Badge> {
  let badge = await readBadge(view)
  await pollUntil(
    async () => (badge = await readBadge(view)).text === text,
    10_000,
    () => new Error(`The badge shows ${JSON.stringify(badge)}, not "${text}"`)
  )
  return badge
}

/**
 * Makes the page's `chrome.runtime.connect` throw while `blocked` is set,
 * so the view keeps reconnecting (and, given time, gives up) with the
 * worker stopped: what a worker that cannot start looks like to a view.
 */
async function blockConnect(view: ViewPage, blocked: boolean): Promise<void> {
  await view.page.evaluate((blocked) => {
    const w = window as unknown as { __connectBlocked?: boolean }
    if (w.__connectBlocked === undefined) {
      const connect = chrome.runtime.connect.bind(chrome.runtime)
      chrome.runtime.connect = ((...args: Parameters<typeof connect>) => {
        if (w.__connectBlocked) throw new Error("connect blocked by the test")
        return connect(...args)
      }) as typeof chrome.runtime.connect
    }
    w.__connectBlocked = blocked
  }, blocked)
}

/** Blocks the view's reconnects and stops the worker under it. */
async function cutOff(view: ViewPage): Promise<void> {
  await blockConnect(view, true)
  await session().stopWorker()
  await view.page.waitForFunction(
    () =>
      document
        .querySelector("#status .status-label")
        ?.textContent?.startsWith("Reconnecting"),
    undefined,
    { timeout: 10_000 }
  )
}

test("all well: nothing on the badge", async () => {
  const popup = await session().openView()
  await popup.connect()
  await popup.send("hello")
  await popup.waitForResponse('Reply: Background received: "hello"')
  expect(await readBadge(popup)).toMatchObject({ text: "" })
})

test("messages sent while the worker is down are counted, then the count clears once they are delivered", async () => {
  const popup = await session().openView()
  await popup.connect()
  await cutOff(popup)
  await popup.send("first while down")
  await popup.send("second while down")
  expect(await badgeShows(popup, "2")).toEqual({
    text: "2",
    color: WAITING_COLORS.background,
    title: "Reconnecting: 2 messages wait to be sent."
  })
  await blockConnect(popup, false)
  await popup.waitForStatus("Connected", 15_000)
  await popup.waitForResponse('Reply: Background received: "second while down"')
  expect(await badgeShows(popup, "")).toMatchObject({ text: "" })
})

test("a view that gave up shows a red !, which clears once it reconnects", async () => {
  const popup = await session().openView()
  await popup.connect()
  await cutOff(popup)
  // Every attempt fails until the session gives up (about 10 s of backoff).
  await popup.waitForStatus("Failed", 30_000)
  expect(await badgeShows(popup, "!")).toEqual({
    text: "!",
    color: FAILED_COLORS.background,
    title:
      "A view lost its connection to the background: open it and click Connect."
  })
  await blockConnect(popup, false)
  await popup.connect()
  expect(await badgeShows(popup, "")).toMatchObject({ text: "" })
})

test("a failed view that closes takes its ! with it", async () => {
  const other = await session().openView()
  await other.connect()
  const popup = await session().openView()
  await popup.connect()
  await cutOff(popup)
  await popup.waitForStatus("Failed", 30_000)
  await badgeShows(other, "!")
  // Closing runs nothing of the page reliably: the share goes because its
  // view's lock went with the page.
  await popup.page.close({ runBeforeUnload: false })
  expect(await badgeShows(other, "")).toMatchObject({ text: "" })
  await other.send("still here")
  await other.waitForResponse('Reply: Background received: "still here"')
})

test("a share no live view holds is dropped, not shown", async () => {
  const popup = await session().openView()
  await popup.connect()
  const ghost = badgeKey("a-view-that-is-gone")
  await popup.page.evaluate(
    (key) => chrome.storage.session.set({ [key]: { state: "failed" } }),
    ghost
  )
  await pollUntil(
    async () =>
      !(
        ghost in
        (await popup.page.evaluate(
          (key) => chrome.storage.session.get(key),
          ghost
        ))
      ),
    10_000,
    () => new Error("The dead view's share was never removed")
  )
  expect(await badgeShows(popup, "")).toMatchObject({ text: "" })
})
