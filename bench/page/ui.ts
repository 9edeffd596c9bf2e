// Functions that run inside a popup page (sent as source by inPage) to time
// the UI in the page's own clock. Both popups use the same ids: #sendBtn,
// #response and #status .status-label.

interface UiProbe {
  expected: string | null
  clickAt: number
  /** When the page had handled the click (and a form's submit, and their renders). */
  handledAt: number
  /** When the expected reply reached the page's port (before the page's own listeners). */
  arrivedAt: number
  repliedAt: number
  /** Status labels shown since the last `expectResponse`. */
  statuses: string[]
  done: Promise<void>
  resolve: () => void
}

type ProbeWindow = typeof globalThis & { __benchUi?: UiProbe }

/**
 * Installs (once) a capture-phase click listener that stamps clicks on
 * #sendBtn before the page's own handlers run, and a MutationObserver that
 * stamps the moment #response shows the expected text (the DOM is updated;
 * painting is not included). Install it before the page connects: it also
 * stamps replies arriving on the ports the page opens afterwards.
 */
export function installUiProbe(): boolean {
  const w = globalThis as ProbeWindow
  if (w.__benchUi) return true
  const response = document.getElementById("response")
  if (!response) throw new Error("No #response in this page")
  const probe: UiProbe = {
    expected: null,
    clickAt: 0,
    handledAt: 0,
    arrivedAt: 0,
    repliedAt: 0,
    statuses: [],
    done: Promise.resolve(),
    resolve: () => {}
  }
  window.addEventListener(
    "click",
    (event) => {
      const target = event.target as Element | null
      if (target?.closest?.("#sendBtn")) probe.clickAt = performance.now()
    },
    true
  )
  // Every port the page opens from now on gets our listener first, so we
  // see a reply arrive before the page's own code handles it.
  const connect = chrome.runtime.connect.bind(chrome.runtime)
  chrome.runtime.connect = ((...args: Parameters<typeof connect>) => {
    const port = connect(...args)
    // mv3-port's wire: a Reply comes as the `res` of a send (its output has
    // `reply`; a `delivered` request's res has none).
    port.onMessage.addListener(
      (message: { k?: string; output?: { reply?: unknown } }) => {
        const reply = message?.k === "res" && message.output?.reply
        if (typeof reply === "string" && probe.expected !== null) {
          probe.arrivedAt = performance.now()
        }
      }
    )
    return port
  }) as typeof chrome.runtime.connect
  // Bubble-phase listeners on window run after the page's own (React's are
  // on its root, and its microtask renders run between listeners); a form's
  // submit is dispatched after the click, so the last stamp wins.
  const handled = (event: Event) => {
    const target = event.target as Element | null
    if (target?.closest?.("#sendBtn, form")) probe.handledAt = performance.now()
  }
  window.addEventListener("click", handled)
  window.addEventListener("submit", handled)
  new MutationObserver(() => {
    if (probe.expected !== null && response.textContent === probe.expected) {
      probe.repliedAt = performance.now()
      probe.expected = null
      probe.resolve()
    }
  }).observe(response, { childList: true, characterData: true, subtree: true })
  const status = document.getElementById("status")
  if (status) {
    new MutationObserver(() => {
      const label = status.querySelector(".status-label")?.textContent ?? ""
      if (probe.statuses.at(-1) !== label) probe.statuses.push(label)
    }).observe(status, { childList: true, characterData: true, subtree: true })
  }
  w.__benchUi = probe
  return true
}

/** Arms the probe for the next reply, whose #response text will be `text`. */
export function expectResponse(text: string): boolean {
  const probe = (globalThis as ProbeWindow).__benchUi!
  probe.expected = text
  probe.clickAt = 0
  probe.handledAt = 0
  probe.arrivedAt = 0
  probe.repliedAt = 0
  probe.statuses = []
  probe.done = new Promise<void>((resolve) => (probe.resolve = resolve))
  return true
}

export interface UiTiming {
  clickAt: number
  handledAt: number
  arrivedAt: number
  repliedAt: number
  /** Status labels shown in between (a drop shows "Reconnecting…"). */
  statuses: string[]
}

/** Waits for the armed reply; null if it did not show within `timeoutMs`. */
export async function awaitResponse(
  timeoutMs: number
): Promise<UiTiming | null> {
  const probe = (globalThis as ProbeWindow).__benchUi!
  const shown = await Promise.race([
    probe.done.then(() => true),
    new Promise<boolean>((resolve) =>
      setTimeout(() => resolve(false), timeoutMs)
    )
  ])
  if (!shown) return null
  return {
    clickAt: probe.clickAt,
    handledAt: probe.handledAt,
    arrivedAt: probe.arrivedAt,
    repliedAt: probe.repliedAt,
    statuses: probe.statuses
  }
}

/**
 * Injected before any page script on every new document (addScriptToEvaluate
 * OnNewDocument): stamps, in the page's clock (0 = navigation start), the
 * first moment #connectBtn exists and is enabled, i.e. the popup can be used.
 * Optionally also the moment `#log` holds `logEntries` entries, clicking
 * Connect as soon as it is enabled if the log needs a connection to fill.
 */
export function loadProbe(logEntries: number): void {
  const w = globalThis as typeof globalThis & {
    __benchInteractiveAt?: number
    __benchLogAt?: number
  }
  let clicked = false
  const check = () => {
    const button = document.getElementById(
      "connectBtn"
    ) as HTMLButtonElement | null
    if (w.__benchInteractiveAt === undefined && button && !button.disabled) {
      w.__benchInteractiveAt = performance.now()
    }
    if (logEntries > 0 && w.__benchLogAt === undefined) {
      const log = document.getElementById("log")
      // Our timeline says how many it holds (it renders only the newest).
      const count = !log
        ? 0
        : log.dataset.count !== undefined
          ? Number(log.dataset.count)
          : log.querySelectorAll("li").length || log.children.length
      if (count >= logEntries) w.__benchLogAt = performance.now()
      else if (!clicked && button && !button.disabled) {
        clicked = true
        button.click()
      }
    }
    const finished =
      w.__benchInteractiveAt !== undefined &&
      (logEntries === 0 || w.__benchLogAt !== undefined)
    if (finished) observer.disconnect()
  }
  const observer = new MutationObserver(check)
  observer.observe(document, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
    attributeFilter: ["disabled"]
  })
}
