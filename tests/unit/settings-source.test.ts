import { SETTINGS_KEY } from "~storage/settings"

import { FakeSync } from "./support/fake-settings"

/** Lets the storage promises settle. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

describe("the settings source", () => {
  it("stands in with the defaults until storage answers, then reads it", async () => {
    const sync = new FakeSync()
    sync.items.set(SETTINGS_KEY, { theme: "dark" })
    const source = sync.source()
    expect(source.getState()).toMatchObject({
      loaded: false,
      settings: { theme: "system" }
    })
    const heard = jest.fn()
    source.subscribe(heard)
    await settle()
    expect(source.getState()).toMatchObject({
      loaded: true,
      settings: { theme: "dark" }
    })
    expect(heard).toHaveBeenCalled()
  })

  it("applies a change saved on another page at once", async () => {
    const sync = new FakeSync()
    const options = sync.source()
    const popup = sync.source()
    await settle()
    const heard = jest.fn()
    popup.subscribe(heard)
    await expect(options.save("autoConnect", true)).resolves.toEqual({
      ok: true
    })
    expect(popup.getState().settings.autoConnect).toBe(true)
    expect(heard).toHaveBeenCalled()
  })

  it("refuses a bad value without writing anything", async () => {
    const sync = new FakeSync()
    sync.items.set(SETTINGS_KEY, { streamChunkMs: 200 })
    const source = sync.source()
    await settle()
    await expect(source.save("streamChunkMs", 0)).resolves.toEqual({
      ok: false,
      problem: {
        name: "streamChunkMs",
        code: "out-of-range",
        min: 10,
        max: 1000
      }
    })
    expect(sync.items.get(SETTINGS_KEY)).toEqual({ streamChunkMs: 200 })
    expect(source.getState().settings.streamChunkMs).toBe(200)
  })

  it("changes one setting and leaves the rest, or changes nothing", async () => {
    const source = new FakeSync().source()
    await settle()
    const current = source.getState().settings
    await expect(source.save("theme", "light")).resolves.toEqual({ ok: true })
    expect(source.getState().settings).toEqual({ ...current, theme: "light" })
    await expect(source.save("theme", "sepia")).resolves.toMatchObject({
      ok: false
    })
    expect(source.getState().settings).toEqual({ ...current, theme: "light" })
    expect(current.theme).toBe("system")
  })

  it("keeps the previous settings when storage refuses the write", async () => {
    const sync = new FakeSync()
    const source = sync.source()
    await settle()
    sync.failWrites = "MAX_WRITE_OPERATIONS_PER_MINUTE"
    await expect(source.save("theme", "dark")).resolves.toEqual({
      ok: false,
      storageError: "Error: MAX_WRITE_OPERATIONS_PER_MINUTE"
    })
    expect(source.getState().settings.theme).toBe("system")
  })

  it("saves one setting with the others as they are", async () => {
    const sync = new FakeSync()
    sync.items.set(SETTINGS_KEY, { theme: "light", streamChunkMs: 300 })
    const source = sync.source()
    await settle()
    await source.save("autoConnect", true)
    expect(sync.items.get(SETTINGS_KEY)).toEqual({
      autoConnect: true,
      streamChunkMs: 300,
      theme: "light"
    })
  })

  it("resets to the defaults by removing the stored settings", async () => {
    const sync = new FakeSync()
    sync.items.set(SETTINGS_KEY, { theme: "dark" })
    const source = sync.source()
    await settle()
    await expect(source.reset()).resolves.toEqual({ ok: true })
    expect(sync.items.has(SETTINGS_KEY)).toBe(false)
    expect(source.getState().settings.theme).toBe("system")
  })

  it("reports stored values it could not use", async () => {
    const sync = new FakeSync()
    sync.items.set(SETTINGS_KEY, { theme: "sepia" })
    const source = sync.source()
    await settle()
    expect(source.getState().problems).toEqual([
      {
        name: "theme",
        code: "not-a-choice",
        choices: ["system", "light", "dark"]
      }
    ])
  })

  it("ignores other keys and other storage areas", async () => {
    const sync = new FakeSync()
    const source = sync.source()
    await settle()
    sync.emit({ [SETTINGS_KEY]: { newValue: { theme: "dark" } } }, "session")
    sync.emit({ other: { newValue: { theme: "dark" } } })
    expect(source.getState().settings.theme).toBe("system")
  })

  it("lets a change heard before the first read win over the read", async () => {
    const sync = new FakeSync()
    sync.items.set(SETTINGS_KEY, { theme: "light" })
    const source = sync.source()
    sync.emit({ [SETTINGS_KEY]: { newValue: { theme: "dark" } } })
    await settle()
    expect(source.getState().settings.theme).toBe("dark")
  })

  it("stops listening when disposed", async () => {
    const sync = new FakeSync()
    const source = sync.source()
    source.dispose()
    expect(sync.listeners.size).toBe(0)
  })
})
