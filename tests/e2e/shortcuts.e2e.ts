import { EXTENSION_ID } from "~tools/project"

import { setUpTabJoinSession } from "./support/tab-join-session"

const session = setUpTabJoinSession(EXTENSION_ID)

/** The test page's title, as its window is named ("<title> - Chromium"). */
const WINDOW_TITLE = "Join test page - Chromium"

test("the open-side-panel shortcut opens the side panel in that window", async () => {
  const { browser, xvfb } = session()
  await session().tab()
  xvfb.focusWindow(WINDOW_TITLE)
  xvfb.xdotool("key", "--clearmodifiers", "alt+shift+s")
  const panel = await browser.attachPage(
    (url) => url === `chrome-extension://${EXTENSION_ID}/sidepanel.html`
  )
  await panel.waitFor(`document.querySelector("#connectBtn")`)
})
