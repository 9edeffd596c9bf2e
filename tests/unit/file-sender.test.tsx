import { act, render, screen, waitFor } from "@testing-library/react"
import userEvent from "@testing-library/user-event"

import { ConversationApp } from "~components/ConversationApp"
import { progressText } from "~components/FileSender"
import type { ConversationClient } from "~views/conversation"
import { UPLOAD_CHUNK_BYTES } from "~views/file-upload"

import {
  createConversationWorker,
  fileReplyOf,
  type ConversationWorkerOptions
} from "./support/conversation-worker"
import { chromeViews } from "./support/test-conversation"

// Real timers: jsdom reads a Blob's bytes through FileReader tasks.

/** A file of `size` bytes, and the reply the worker owes it. */
function file(name: string, size: number) {
  const bytes = Uint8Array.from({ length: size }, (_, i) => (i * 7 + 3) % 256)
  return { file: new File([bytes], name), reply: fileReplyOf(name, size) }
}

const LIMIT = 4 * UPLOAD_CHUNK_BYTES

function renderView(options: ConversationWorkerOptions = {}) {
  const background = createConversationWorker({
    maxFileBytes: LIMIT,
    ...options
  })
  const chrome = chromeViews(background, {
    overrides: { maxFileBytes: LIMIT }
  })
  render(<ConversationApp kind="popup" />)
  const [client] = chrome.views as ConversationClient[]
  return { background, client }
}

const picker = () => screen.getByLabelText("File to send") as HTMLInputElement
const sendFile = () => screen.getByRole("button", { name: "Send file" })
const cancel = () => screen.getByRole("button", { name: "Cancel" })
const response = () => document.querySelector("#response")!

async function connect() {
  await userEvent.click(screen.getByRole("button", { name: "Connect" }))
  await screen.findByText("Connected")
}

it("sends a chosen file in chunks and shows the background's digest as the reply", async () => {
  const { background } = renderView()
  await connect()
  expect(sendFile()).toBeDisabled()
  const { file: chosen, reply } = file("notes.bin", 2.5 * UPLOAD_CHUNK_BYTES)
  await userEvent.upload(picker(), chosen)
  await userEvent.click(sendFile())
  await waitFor(() => expect(response()).toHaveTextContent(`Reply: ${reply}`))
  expect(background.log).toHaveLength(1)
  const row = document.querySelector("#log li.log-own")!
  expect(row.querySelector(".log-out")).toHaveTextContent(
    "→ notes.bin (655.4 kB)"
  )
  expect(cancel()).toBeDisabled()
  expect(picker().value).toBe("")
})

it("goes on where the background stood after a worker stop mid-upload", async () => {
  // The worker dies right after it recorded where the third chunk left it.
  let stopped = false
  const { background, client } = renderView({
    onChunk: (read) => {
      if (read !== 3 || stopped) return
      stopped = true
      background.worker.stop()
    }
  })
  await connect()
  const { file: chosen, reply } = file("big.bin", LIMIT)
  act(() => void client.sendFile(chosen))
  await waitFor(() => expect(response()).toHaveTextContent(`Reply: ${reply}`), {
    timeout: 3000
  })
  expect(background.worker.starts).toBe(2)
  // The new worker went on from the fourth chunk: none was read twice.
  expect(background.chunksRead).toBe(4)
  expect(background.log).toHaveLength(1)
})

it("shows progress while the file goes up, and Cancel stops it", async () => {
  // The worker reads one chunk, then waits: the upload is still going up.
  const { client } = renderView({
    onChunk: () => new Promise(() => {})
  })
  await connect()
  const { file: chosen } = file("stop.bin", LIMIT)
  await userEvent.upload(picker(), chosen)
  await userEvent.click(sendFile())
  expect(cancel()).toBeEnabled()
  expect(screen.getByLabelText("Sending stop.bin")).toHaveAttribute(
    "max",
    String(LIMIT)
  )
  await userEvent.click(cancel())
  await waitFor(() =>
    expect(response()).toHaveTextContent("Error: The upload was cancelled.")
  )
  expect(client.getSnapshot().uploading).toBeNull()
  const row = document.querySelector("#log li.log-own")!
  expect(row.querySelector(".log-failure")).toHaveTextContent(
    "The upload was cancelled."
  )
  // A file is sent again by choosing it: no Retry on its row.
  expect(row.querySelector(".retry")).toBeNull()
})

it.each([
  [
    "an empty file",
    0,
    "That file is empty: choose a file with something in it."
  ],
  [
    "a file over the limit",
    LIMIT + 1,
    "That file is larger than the 1 MB limit (1,048,577 bytes)."
  ]
])("refuses %s before sending anything", async (_, size, notice) => {
  const { background } = renderView()
  await connect()
  await userEvent.upload(picker(), new File([new Uint8Array(size)], "x.bin"))
  await userEvent.click(sendFile())
  expect(screen.getByRole("alert")).toHaveTextContent(notice)
  expect(document.querySelectorAll("#log li.log-own")).toHaveLength(0)
  expect(background.requests).toEqual([])
})

it("refuses a second file while one is going up, and a file when not connected", async () => {
  const { client } = renderView()
  let first: ReturnType<ConversationClient["sendFile"]> | undefined
  act(() => void (first = client.sendFile(file("a", 10).file)))
  expect(first).toEqual({
    ok: false,
    refusal: { code: "not-connected" }
  })
  await connect()
  act(() => void client.sendFile(file("a", LIMIT).file))
  let second: ReturnType<ConversationClient["sendFile"]> | undefined
  act(() => void (second = client.sendFile(file("b", 10).file)))
  expect(second).toEqual({ ok: false, refusal: { code: "upload-running" } })
  // The first upload ends before the test does, its renders inside act().
  await waitFor(() => expect(client.getSnapshot().uploading).toBeNull())
})

it("words the progress: percent of the size, and the rate once known", () => {
  const base = { id: "u", name: "f", size: 2_000_000 }
  expect(
    progressText({ ...base, arrived: 500_000, bytesPerSecond: null })
  ).toBe("25% of 2 MB")
  expect(
    progressText({ ...base, arrived: 1_999_999, bytesPerSecond: 85_300_000 })
  ).toBe("99% of 2 MB · 85.3 MB/s")
})

it("tells the view at once when Stop or Cancel is pressed, before the background answers", async () => {
  const { client } = renderView()
  await connect()
  act(() => void client.send("a b c d e", { stream: true }))
  await waitFor(() => expect(client.getSnapshot().streaming).not.toBeNull())
  act(() => void client.sendFile(file("c.bin", LIMIT).file))
  let heard = 0
  const off = client.subscribe(() => heard++)
  // act() only lets React render what the calls changed; `heard` counts
  // the client's own notifications, made inside each call.
  act(() => client.stop())
  expect(heard).toBe(1)
  expect(client.getSnapshot().streaming).toBeNull()
  act(() => client.cancelUpload())
  expect(heard).toBe(2)
  expect(client.getSnapshot().uploading).toBeNull()
  off()
  // Both end before the test does, their renders inside act().
  await waitFor(() =>
    expect(client.getSnapshot().totals).toEqual({
      sent: 2,
      replied: 1,
      failed: 1
    })
  )
})
