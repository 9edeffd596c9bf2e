/** @jest-environment node */
import {
  ICON_128_TRANSPARENT_BAND_PX,
  STORE_IMAGES
} from "~scripts/store-check/config"
import {
  checkIcons,
  opaquePixelsInBorder
} from "~scripts/store-check/icon-checks"
import { decodePng, readPngHeader } from "~scripts/store-check/png"
import { checkStoreImages } from "~scripts/store-check/store-image-checks"

import {
  goodFiles,
  goodManifest,
  iconPng,
  messages,
  solidPng,
  withFile
} from "./store-check-fixture"

const iconProblems = (files = goodFiles(), manifest = goodManifest()) =>
  messages(checkIcons(files, manifest))

describe("PNG reading", () => {
  it("reads size and colour type from IHDR", () => {
    expect(readPngHeader(solidPng(3, 2))).toMatchObject({
      width: 3,
      height: 2,
      colorType: 2,
      hasTrns: false
    })
    expect(readPngHeader(iconPng(16))).toMatchObject({ colorType: 6 })
  })

  it("rejects bytes that are not a PNG", () => {
    expect(
      readPngHeader(new TextEncoder().encode("GIF89a........................."))
    ).toMatch(/bad signature/)
    const png = solidPng(2, 2)
    const broken = png.slice()
    broken.set([0x58, 0x58, 0x58, 0x58], 12) // rename IHDR
    expect(readPngHeader(broken)).toMatch(/first chunk is not IHDR/)
  })
})

describe("icons", () => {
  it("accepts 16/48/128 PNGs with a transparent border", () => {
    expect(iconProblems()).toBe("")
  })

  it("requires 16, 48 and 128 in icons", () => {
    const m = goodManifest()
    m.icons = { "16": "icon16.png" }
    const text = iconProblems(goodFiles(), m)
    expect(text).toMatch(/icons has no 48 px icon/)
    expect(text).toMatch(/icons has no 128 px icon/)
    const none = goodManifest()
    delete none.icons
    expect(iconProblems(goodFiles(), none)).toMatch(/icons is missing/)
  })

  it("reports missing files, non-PNGs and wrong sizes", () => {
    const files = new Map(goodFiles())
    files.delete("icon16.png")
    files.set(
      "icon48.png",
      new TextEncoder().encode("not a png at all, really not at all")
    )
    const text = iconProblems(files)
    expect(text).toMatch(/icons.16 names icon16.png, which is not in the zip/)
    expect(text).toMatch(/icons.48 \(icon48.png\) is not a PNG/)
    expect(text).toMatch(/action.default_icon.16 names icon16.png/)
    const resized = withFile(goodFiles(), "icon48.png", iconPng(32))
    expect(iconProblems(resized)).toMatch(
      /icons.48 \(icon48.png\) is 32×32; it must be exactly 48×48/
    )
  })

  it("checks action.default_icon, as a map or a single path", () => {
    const m = goodManifest()
    m.action = { default_icon: { "32": "icon32.png" } }
    expect(iconProblems(goodFiles(), m)).toMatch(
      /action.default_icon.32 names icon32.png/
    )
    m.action = { default_icon: "icon48.png" }
    expect(iconProblems(goodFiles(), m)).toBe("")
  })

  it("wants the 128 px icon's outer band fully transparent", () => {
    const full = withFile(goodFiles(), "icon128.png", iconPng(128, 0))
    expect(iconProblems(full)).toMatch(
      new RegExp(
        `icons.128 \\(icon128.png\\) has \\d+ non-transparent pixels in its outer ${ICON_128_TRANSPARENT_BAND_PX} px`
      )
    )
    const justInside = withFile(
      goodFiles(),
      "icon128.png",
      iconPng(128, ICON_128_TRANSPARENT_BAND_PX)
    )
    expect(iconProblems(justInside)).toBe("")
    const oneIn = withFile(
      goodFiles(),
      "icon128.png",
      iconPng(128, ICON_128_TRANSPARENT_BAND_PX - 1)
    )
    expect(iconProblems(oneIn)).toMatch(/non-transparent/)
  })

  it("counts opaque pixels in the border only", () => {
    const decoded = decodePng(iconPng(20, 4))
    if (typeof decoded === "string") throw new Error(decoded)
    expect(opaquePixelsInBorder(decoded, 4)).toBe(0)
    expect(opaquePixelsInBorder(decoded, 5)).toBe(12 * 12 - 10 * 10)
  })

  it("treats an icon without alpha as having no transparent padding", () => {
    const opaque = withFile(goodFiles(), "icon128.png", solidPng(128, 128))
    expect(iconProblems(opaque)).toMatch(/non-transparent pixels/)
  })
})

describe("store images", () => {
  // The real sizes are in config; tests use small ones to keep PNG encoding fast.
  it("asks for the sizes the stores take", () => {
    expect(STORE_IMAGES.map((i) => [i.path, i.width, i.height])).toEqual([
      ["store/images/screenshot-popup.png", 1280, 800],
      ["store/images/screenshot-sidepanel.png", 1280, 800],
      ["store/images/promo-small.png", 440, 280]
    ])
    expect(messages(checkStoreImages(new Map()))).toMatch(
      /screenshot-sidepanel.png is missing \(needs a 1280×800 PNG\)/
    )
  })

  const specs = [
    { path: "store/images/screenshot-popup.png", width: 128, height: 80 },
    { path: "store/images/promo-small.png", width: 44, height: 28 }
  ]

  it("accepts 24-bit PNGs of the exact sizes", () => {
    const images = new Map([
      ["store/images/screenshot-popup.png", solidPng(128, 80)],
      ["store/images/promo-small.png", solidPng(44, 28)]
    ])
    const result = checkStoreImages(images, specs)
    expect(result.problems).toEqual([])
    expect(result.notes).toHaveLength(2)
  })

  it("reports missing images", () => {
    expect(messages(checkStoreImages(new Map(), specs))).toBe(
      "store/images/screenshot-popup.png is missing (needs a 128×80 PNG)\n" +
        "store/images/promo-small.png is missing (needs a 44×28 PNG)"
    )
  })

  it("reports wrong sizes, non-PNGs and transparency", () => {
    const images = new Map([
      ["store/images/screenshot-popup.png", solidPng(128, 81)],
      [
        "store/images/promo-small.png",
        new TextEncoder().encode("\xff\xd8 a jpeg pretending to be a png....")
      ]
    ])
    const text = messages(checkStoreImages(images, specs))
    expect(text).toMatch(
      /screenshot-popup.png is 128×81; it must be exactly 128×80/
    )
    expect(text).toMatch(/promo-small.png is not a PNG/)

    const alpha = new Map([
      [
        "store/images/screenshot-popup.png",
        solidPng(128, 80, { colorType: 6, alpha: 128 })
      ],
      ["store/images/promo-small.png", solidPng(44, 28, { colorType: 6 })]
    ])
    const alphaText = messages(checkStoreImages(alpha, specs))
    expect(alphaText).toMatch(
      /screenshot-popup.png is RGBA with an alpha channel and 10240 transparent pixels/
    )
    expect(alphaText).toMatch(
      /promo-small.png is RGBA with an alpha channel \(all pixels opaque\); the store wants a 24-bit PNG/
    )
  })
})
