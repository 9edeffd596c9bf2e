/** @jest-environment node */

/** A stand-in for the Chrome APIs the commands module touches. */
function fakeChrome() {
  const open = jest.fn(() => Promise.resolve())
  ;(globalThis as { chrome?: unknown }).chrome = {
    commands: { onCommand: { addListener: jest.fn() } },
    sidePanel: { open },
    windows: { WINDOW_ID_CURRENT: -2 }
  }
  return { open }
}

async function load() {
  let module: typeof import("~background/commands") | undefined
  await jest.isolateModulesAsync(async () => {
    module = await import("~background/commands")
  })
  return module!
}

afterEach(() => {
  delete (globalThis as { chrome?: unknown }).chrome
})

it("opens the side panel in the window of the tab the command came with", async () => {
  const { open } = fakeChrome()
  const { onCommand, OPEN_SIDE_PANEL } = await load()
  onCommand(OPEN_SIDE_PANEL, { windowId: 7 } as chrome.tabs.Tab)
  expect(open).toHaveBeenCalledWith({ windowId: 7 })
})

it("opens it in the current window when Chrome gives no tab", async () => {
  const { open } = fakeChrome()
  const { onCommand, OPEN_SIDE_PANEL } = await load()
  onCommand(OPEN_SIDE_PANEL)
  expect(open).toHaveBeenCalledWith({ windowId: -2 })
})

it("ignores other commands", async () => {
  const { open } = fakeChrome()
  const { onCommand } = await load()
  onCommand("something-else", { windowId: 7 } as chrome.tabs.Tab)
  expect(open).not.toHaveBeenCalled()
})
