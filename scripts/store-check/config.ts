/**
 * The store-readiness budgets and fixed paths, in one place.
 */

/**
 * Largest zip we ship. The store accepts far larger uploads; this budget is
 * ours: the extension is a popup, a side panel and a worker, and its prod
 * zip is about 0.1 MiB, so 1 MiB catches an accidental dev build, source
 * maps or a stray asset long before users download it.
 */
export const MAX_ZIP_BYTES = 1024 * 1024

/** Icon sizes the Chrome Web Store and Edge Add-ons require in `icons`. */
export const REQUIRED_ICON_SIZES = [16, 48, 128] as const

/**
 * Width of the border band of the 128 px icon that must be fully transparent.
 * The store wants 96×96 artwork centred in 16 px of transparent padding. We
 * require the outer 8 px (half the padding) to be fully transparent: that
 * still catches an icon whose artwork fills or nearly fills the canvas, while
 * leaving the inner 8 px for what the store's guidelines allow there
 * (anti-aliased edges, a soft shadow) and for resampling bleed when Plasmo
 * scales the 512 px source down to 128 px.
 */
export const ICON_128_TRANSPARENT_BAND_PX = 8

/** Store listing images (not in the zip; uploaded separately), repo-relative. */
export const STORE_IMAGES = [
  { path: "store/images/screenshot-popup.png", width: 1280, height: 800 },
  { path: "store/images/screenshot-sidepanel.png", width: 1280, height: 800 },
  { path: "store/images/promo-small.png", width: 440, height: 280 }
] as const

/** Versions already published, per target: `{"chrome-mv3": ["1.0.0"], …}`. */
export const RELEASED_VERSIONS_FILE = "store/released-versions.json"

/** Longest manifest `name`: https://developer.chrome.com/docs/extensions/reference/manifest/name */
export const MAX_NAME_LENGTH = 75
/** Longest manifest `short_name` (same page as `name`). */
export const MAX_SHORT_NAME_LENGTH = 12
/** Longest manifest `description`: https://developer.chrome.com/docs/extensions/reference/manifest/description */
export const MAX_DESCRIPTION_LENGTH = 132
