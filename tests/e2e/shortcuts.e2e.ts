import { EXTENSION_ID } from "~tools/project"

import { setUpTabJoinSession } from "./support/tab-join-session"

const session = setUpTabJoinSession(EXTENSION_ID)

/** The test page's title, as its window is named ("<title> - Chromium"). */
const WINDOW_TITLE = "Join test page - Chromium"

test("the open-side-panel shortcut opens the side panel in that window", async () => {
  const { browser, xvfb } = session()
  await session().tab()
  const isPanel = (url: string) =>
    url === `chrome-extension://${EXTENSION_ID}/sidepanel.html`
  // X may not have given the window the focus when the key goes out (one
  // CI run in many): the key is pressed again, at most three times. Opening
  // an open side panel changes nothing, and a worker that never opens it
  // fails all three.
  let panel
  for (let press = 1; !panel; press++) {
    xvfb.focusWindow(WINDOW_TITLE)
    xvfb.xdotool("key", "--clearmodifiers", "alt+shift+s")
    panel = await browser.attachPage(isPanel, 4000).catch((error: unknown) => {
      if (press === 3) throw error
    })
  }
  await panel.waitFor(`document.querySelector("#connectBtn")`)
})
