import { act, render, screen, waitFor } from "@testing-library/react"
import userEvent from "@testing-library/user-event"

import { OptionsForm } from "~components/options/OptionsForm"
import { SETTINGS_KEY } from "~storage/settings"

import { FakeSync } from "./support/fake-settings"

async function renderOptions(stored?: unknown) {
  const sync = new FakeSync()
  if (stored !== undefined) sync.items.set(SETTINGS_KEY, stored)
  globalThis.chrome = { storage: { sync } } as unknown as typeof chrome
  render(<OptionsForm />)
  await waitFor(() =>
    expect(status()).not.toHaveTextContent("Reading your settings")
  )
  return { sync, user: userEvent.setup() }
}

const pace = () => screen.getByRole("spinbutton", { name: /pace/ })
const status = () => screen.getByRole("status")

describe("the options page", () => {
  afterEach(() => delete document.documentElement.dataset.theme)

  it("shows the defaults, with the tutorial's Connect step kept", async () => {
    await renderOptions()
    expect(
      screen.getByRole("checkbox", { name: /Connect automatically/ })
    ).not.toBeChecked()
    expect(pace()).toHaveValue(40)
    expect(screen.getByRole("radio", { name: "As the system" })).toBeChecked()
  })

  it("saves a switch at once and says so", async () => {
    const { sync, user } = await renderOptions()
    await user.click(screen.getByRole("checkbox", { name: /Connect/ }))
    expect(sync.items.get(SETTINGS_KEY)).toMatchObject({ autoConnect: true })
    expect(status()).toHaveTextContent("Saved.")
  })

  it("applies the theme to its own page too", async () => {
    const { sync, user } = await renderOptions()
    await user.click(screen.getByRole("radio", { name: "Dark" }))
    expect(sync.items.get(SETTINGS_KEY)).toMatchObject({ theme: "dark" })
    expect(document.documentElement.dataset.theme).toBe("dark")
    await user.click(screen.getByRole("radio", { name: "As the system" }))
    expect(document.documentElement.dataset.theme).toBeUndefined()
  })

  it("saves the pace when the field is left, not while typing", async () => {
    const { sync, user } = await renderOptions()
    await user.clear(pace())
    await user.type(pace(), "250")
    expect(sync.items.get(SETTINGS_KEY)).toBeUndefined()
    await user.tab()
    expect(sync.items.get(SETTINGS_KEY)).toMatchObject({ streamChunkMs: 250 })
  })

  it("saves the pace on Enter", async () => {
    const { sync, user } = await renderOptions()
    await user.clear(pace())
    await user.type(pace(), "500{Enter}")
    expect(sync.items.get(SETTINGS_KEY)).toMatchObject({ streamChunkMs: 500 })
  })

  it("says what is wrong with a bad pace, marks it invalid and saves nothing", async () => {
    const { sync, user } = await renderOptions({ streamChunkMs: 100 })
    await user.clear(pace())
    await user.type(pace(), "5000")
    expect(pace()).toHaveAttribute("aria-invalid", "true")
    expect(pace()).toHaveAccessibleDescription(
      "The streamed reply pace must be from 10 to 1000 ms."
    )
    await user.tab()
    expect(sync.items.get(SETTINGS_KEY)).toEqual({ streamChunkMs: 100 })
    await user.clear(pace())
    await user.tab()
    expect(
      screen.getByText(/must be a whole number of milliseconds/)
    ).toBeInTheDocument()
    expect(sync.items.get(SETTINGS_KEY)).toEqual({ streamChunkMs: 100 })
  })

  it("says so when storage refuses, and keeps the previous choice", async () => {
    const { sync, user } = await renderOptions()
    sync.failWrites = "QUOTA_BYTES_PER_ITEM quota exceeded"
    await user.click(screen.getByRole("radio", { name: "Light" }))
    expect(status()).toHaveTextContent(
      "Not saved: Chrome's storage refused the change (Error: QUOTA_BYTES_PER_ITEM quota exceeded)."
    )
    expect(screen.getByRole("radio", { name: "As the system" })).toBeChecked()
  })

  it("follows a change made in another window", async () => {
    const { sync } = await renderOptions()
    act(() =>
      sync.emit({
        [SETTINGS_KEY]: { newValue: { streamChunkMs: 700, theme: "light" } }
      })
    )
    expect(pace()).toHaveValue(700)
    expect(screen.getByRole("radio", { name: "Light" })).toBeChecked()
  })

  it("tells about a stored value it could not use", async () => {
    await renderOptions({ theme: "sepia", autoConnect: true })
    expect(screen.getByRole("alert")).toHaveTextContent(
      "The theme must be one of: system, light, dark. The stored value was not usable"
    )
    expect(screen.getByRole("checkbox", { name: /Connect/ })).toBeChecked()
  })

  it("resets to the defaults", async () => {
    const { sync, user } = await renderOptions({ theme: "dark" })
    await user.click(screen.getByRole("button", { name: "Reset to defaults" }))
    expect(sync.items.has(SETTINGS_KEY)).toBe(false)
    expect(screen.getByRole("radio", { name: "As the system" })).toBeChecked()
    expect(status()).toHaveTextContent("Back to the defaults.")
  })
})
