import { mkdirSync, readFileSync } from "node:fs"
import { resolve } from "node:path"
import type { Page } from "playwright-core"
import { PNG } from "pngjs"

import { setUpExtensionSession } from "./support/session-fixture"
import type { ViewPage } from "./support/view-page"
import { waitForLogCount, waitForPresence } from "./support/view-waits"

/**
 * The Chrome Web Store images (store/images/), made from the real popup and
 * side panel of the production build in a real conversation, then framed on
 * a plain canvas with a caption. Composing happens on a blank page of our
 * own (setContent, the shots as data: URLs), outside the extension's CSP.
 *
 * Store requirements: screenshots 1280×800, small promo tile 440×280, both
 * without transparency (24-bit PNG).
 */

const ROOT = resolve(__dirname, "../..")
const IMAGES = resolve(ROOT, "store/images")

/** Device pixels per CSS pixel when shooting the views, so they stay crisp when shown larger than 1×. */
const SHOT_SCALE = 2
/** How much larger than in the browser the views are shown on the 1280×800 canvas. */
const SHOW_SCALE = 1.25

const POPUP_WIDTH = 360
const PANEL_WIDTH = 400
const PANEL_HEADER = 40
const PANEL_HEIGHT = Math.floor((800 - PANEL_HEADER) / SHOW_SCALE)

const FONT = `"Nimbus Sans", "Liberation Sans", Helvetica, Arial, sans-serif`

const session = setUpExtensionSession({ perFile: true })

/**
 * Screenshots `page` at `width`×`height` CSS pixels and SHOT_SCALE device
 * pixels each, through CDP (Playwright's persistent context has one fixed
 * device scale factor for all its pages).
 */
async function crispShot(
  page: Page,
  width: number,
  height: number
): Promise<Buffer> {
  await page.setViewportSize({ width, height })
  const cdp = await page.context().newCDPSession(page)
  try {
    await cdp.send("Emulation.setDeviceMetricsOverride", {
      width,
      height,
      deviceScaleFactor: SHOT_SCALE,
      mobile: false
    })
    // Let layout and paint catch up with the new metrics.
    await page.evaluate(
      () =>
        new Promise<void>((done) =>
          requestAnimationFrame(() => requestAnimationFrame(() => done()))
        )
    )
    const { data } = await cdp.send("Page.captureScreenshot", {
      format: "png"
    })
    return Buffer.from(data, "base64")
  } finally {
    await cdp.send("Emulation.clearDeviceMetricsOverride")
    await cdp.detach()
  }
}

/** The popup's natural height at its width, as Chrome would size it. */
async function popupHeight(popup: ViewPage): Promise<number> {
  await popup.page.setViewportSize({ width: POPUP_WIDTH, height: 1000 })
  return popup.page.evaluate(() =>
    Math.ceil(document.querySelector(".app")!.getBoundingClientRect().bottom)
  )
}

const dataUrl = (png: Buffer) =>
  `data:image/png;base64,${png.toString("base64")}`

const ICON = dataUrl(readFileSync(resolve(ROOT, "assets/icon.png")))

/** The left-hand caption shared by both screenshots. */
function caption(title: string, lead: string, points: string[]): string {
  return `<section class="caption">
    <div class="brand"><img src="${ICON}" alt=""><span>Popup to Background Messaging</span></div>
    <h1>${title}</h1>
    <p class="lead">${lead}</p>
    <ul>${points.map((p) => `<li>${p}</li>`).join("")}</ul>
  </section>`
}

const CAPTION_CSS = `
  * { box-sizing: border-box; }
  html, body { margin: 0; width: 1280px; height: 800px; overflow: hidden; }
  body { background: #f4f3fa; font-family: ${FONT}; color: #1f1d2b; position: relative; }
  .caption { position: absolute; left: 88px; top: 0; bottom: 0; width: 560px;
    display: flex; flex-direction: column; justify-content: center; }
  .brand { display: flex; align-items: center; gap: 12px; font-size: 20px;
    font-weight: 700; color: #5b3fd9; letter-spacing: 0.2px; }
  .brand img { width: 44px; height: 44px; margin: -6px; }
  .brand span { margin-left: 6px; }
  h1 { font-size: 46px; line-height: 1.12; margin: 26px 0 18px; font-weight: 700;
    letter-spacing: -0.5px; }
  .lead { font-size: 21px; line-height: 1.5; margin: 0 0 22px; color: #4a475c; }
  ul { margin: 0; padding: 0; list-style: none; font-size: 18px; line-height: 1.5; color: #4a475c; }
  li { position: relative; padding-left: 26px; margin: 7px 0; }
  li::before { content: ""; position: absolute; left: 2px; top: 9px; width: 9px; height: 9px;
    border-radius: 50%; background: #6d4aff; }
`

function popupScene(shot: Buffer, height: number): string {
  const w = Math.round(POPUP_WIDTH * SHOW_SCALE)
  const h = Math.round(height * SHOW_SCALE)
  return `<!doctype html><html><head><style>${CAPTION_CSS}
    .popup { position: absolute; right: 96px; top: ${Math.round((800 - h) / 2)}px;
      width: ${w}px; height: ${h}px; border-radius: 10px; overflow: hidden; background: #fff;
      box-shadow: 0 2px 6px rgba(31, 29, 43, 0.12), 0 18px 48px rgba(31, 29, 43, 0.18); }
    .popup img { display: block; width: ${w}px; height: ${h}px; }
  </style></head><body>
    ${caption(
      "Message the background from the popup",
      "Connect once and the port stays open. Every message is answered on the same port, with its round-trip time.",
      [
        "The status line always shows the real connection state",
        "Reconnects by itself when Chrome stops the service worker",
        "No data collected; nothing leaves your browser"
      ]
    )}
    <div class="popup"><img src="${dataUrl(shot)}" alt=""></div>
  </body></html>`
}

function panelScene(shot: Buffer): string {
  const w = Math.round(PANEL_WIDTH * SHOW_SCALE)
  return `<!doctype html><html><head><style>${CAPTION_CSS}
    .caption { width: 600px; }
    .panel { position: absolute; right: 0; top: 0; width: ${w}px; height: 800px; background: #fff;
      border-left: 1px solid #d9d7e3; box-shadow: -12px 0 40px rgba(31, 29, 43, 0.10); }
    .panel header { height: ${PANEL_HEADER}px; display: flex; align-items: center; gap: 10px;
      padding: 0 16px; border-bottom: 1px solid #e6e4ee; font-size: 15px; color: #3b3850; }
    .panel header img { width: 22px; height: 22px; }
    .panel header .close { margin-left: auto; font-size: 20px; color: #8a879b; }
    .panel > img { display: block; width: ${w}px; height: ${800 - PANEL_HEADER}px; }
  </style></head><body>
    ${caption(
      "Keep the conversation open in the side panel",
      "The side panel joins the popup's conversation: each view gets its own replies and sees the other's messages relayed.",
      [
        "Shows how many views are connected",
        "One shared log, kept until the browser closes",
        "Clear empties it for every view"
      ]
    )}
    <aside class="panel">
      <header><img src="${ICON}" alt=""><span>Popup to Background Messaging</span><span class="close">×</span></header>
      <img src="${dataUrl(shot)}" alt="">
    </aside>
  </body></html>`
}

function promoScene(): string {
  return `<!doctype html><html><head><style>
    * { box-sizing: border-box; }
    html, body { margin: 0; width: 440px; height: 280px; overflow: hidden; }
    body { font-family: ${FONT}; color: #fff; display: flex; align-items: center;
      padding: 0 26px; background: linear-gradient(135deg, #2a1f6e 0%, #3b2a99 100%); }
    img { width: 116px; height: 116px; flex: none; margin: -10px; }
    .text { margin-left: 30px; }
    h1 { margin: 0; font-size: 25px; line-height: 1.2; font-weight: 700; white-space: nowrap; }
    p { margin: 12px 0 0; font-size: 15px; line-height: 1.4; color: #d9d3ff; }
  </style></head><body>
    <img src="${ICON}" alt="">
    <div class="text">
      <h1>Popup to Background<br>Messaging</h1>
      <p>Popup and side panel talk to the service worker over one open port.</p>
    </div>
  </body></html>`
}

/** Renders `html` on a blank page at exactly `width`×`height` and saves it. */
async function render(
  html: string,
  width: number,
  height: number,
  file: string
): Promise<string> {
  const page = await session().context.newPage()
  try {
    await page.setViewportSize({ width, height })
    await page.setContent(html)
    await page.waitForFunction(() =>
      Array.from(document.images).every((i) => i.complete && i.naturalWidth)
    )
    const path = resolve(IMAGES, file)
    await page.screenshot({ path, omitBackground: false })
    return path
  } finally {
    await page.close()
  }
}

/** Checks a store image: exact size, no alpha channel, and not a blank canvas. */
function checkImage(path: string, width: number, height: number): void {
  const file = readFileSync(path)
  // IHDR: colour type at byte 25; 2 is truecolour without alpha (24-bit).
  expect(file.subarray(12, 16).toString("latin1")).toBe("IHDR")
  expect({ path, colourType: file[25], bitDepth: file[24] }).toEqual({
    path,
    colourType: 2,
    bitDepth: 8
  })
  const png = PNG.sync.read(file)
  expect({ path, width: png.width, height: png.height }).toEqual({
    path,
    width,
    height
  })
  let sum = 0
  let sumSq = 0
  const colours = new Set<number>()
  const pixels = png.width * png.height
  for (let i = 0; i < png.data.length; i += 4) {
    const [r, g, b] = [png.data[i], png.data[i + 1], png.data[i + 2]]
    const luma = 0.2126 * r + 0.7152 * g + 0.0722 * b
    sum += luma
    sumSq += luma * luma
    colours.add((r << 16) | (g << 8) | b)
  }
  const mean = sum / pixels
  const spread = Math.sqrt(sumSq / pixels - mean * mean)
  // A blank or single-colour canvas has a spread near 0 and a handful of colours.
  expect({ path, blank: spread < 15 || colours.size < 200 }).toEqual({
    path,
    blank: false
  })
}

test("store images: the real popup and side panel in a conversation, framed at the store's sizes", async () => {
  mkdirSync(IMAGES, { recursive: true })
  const popup = await session().openView("popup.html")
  const panel = await session().openView("sidepanel.html")
  await popup.connect()
  await panel.connect()
  const both = "2 views connected (popup 1, side panel 1)"
  await waitForPresence(popup, both)
  await waitForPresence(panel, both)

  await popup.send("Hello, background")
  await popup.waitForResponse('Reply: Background received: "Hello, background"')
  await panel.send("Hi from the side panel")
  await panel.waitForResponse(
    'Reply: Background received: "Hi from the side panel"'
  )
  await popup.send("The port stays open between messages")
  await popup.waitForResponse(
    'Reply: Background received: "The port stays open between messages"'
  )
  await waitForLogCount(popup, 3)
  await waitForLogCount(panel, 3)
  expect(await popup.statusLabel()).toBe("Connected")
  expect(await panel.statusLabel()).toBe("Connected")
  // Nothing focused: no caret or focus ring in the shots.
  for (const view of [popup, panel]) {
    await view.page.evaluate(() =>
      (document.activeElement as HTMLElement)?.blur()
    )
  }

  const height = await popupHeight(popup)
  expect(height * SHOW_SCALE).toBeLessThanOrEqual(760)
  const popupShot = await crispShot(popup.page, POPUP_WIDTH, height)

  // One more from the side panel, then its shot: the same conversation a moment later.
  await panel.send("Both views share one log")
  await panel.waitForResponse(
    'Reply: Background received: "Both views share one log"'
  )
  await waitForLogCount(panel, 4)
  await panel.page.evaluate(() =>
    (document.activeElement as HTMLElement)?.blur()
  )
  const panelShot = await crispShot(panel.page, PANEL_WIDTH, PANEL_HEIGHT)

  const shots = [
    [
      await render(
        popupScene(popupShot, height),
        1280,
        800,
        "screenshot-popup.png"
      ),
      1280,
      800
    ],
    [
      await render(
        panelScene(panelShot),
        1280,
        800,
        "screenshot-sidepanel.png"
      ),
      1280,
      800
    ],
    [await render(promoScene(), 440, 280, "promo-small.png"), 440, 280]
  ] as const
  for (const [path, width, height] of shots) checkImage(path, width, height)
})
