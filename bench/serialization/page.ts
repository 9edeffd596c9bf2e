// Functions that run inside the probe extension's page (sent as source by
// inPage): round trips and an upload on one port to its echoing worker, in
// the shapes of mv3-port's wire that our views post: a `send` request for a
// text, a stream message (`{k:"st", m:{type:"stream-chunk", …}}`) for a
// chunk of bytes.

export interface RoundTripArgs {
  kind: "text" | "chunk-base64" | "chunk-bytes"
  chunkBytes: number
  count: number
}

/** `count` sequential round trips of one message kind; each in ms. */
export async function roundTrips(args: RoundTripArgs): Promise<number[]> {
  // Inside the function: inPage sends only this function's source.
  const payload = (kind: RoundTripArgs["kind"], bytes: number): unknown => {
    if (kind === "text") {
      const input = { id: "x", text: "hello, background" }
      return { k: "req", id: "x", name: "send", input }
    }
    const data = new Uint8Array(bytes)
    const chunk = (data: unknown) => ({
      k: "st",
      m: { type: "stream-chunk", id: "echo", index: 0, data }
    })
    for (let i = 0; i < bytes; i++) data[i] = (i * 31) & 0xff
    if (kind === "chunk-bytes") return chunk(data.buffer)
    let binary = ""
    for (let i = 0; i < bytes; i++) binary += String.fromCharCode(data[i])
    return chunk(btoa(binary))
  }
  const port = chrome.runtime.connect({ name: "probe" })
  const message = payload(args.kind, args.chunkBytes)
  const times: number[] = []
  let answer: () => void = () => {}
  port.onMessage.addListener(() => answer())
  for (let i = 0; i < args.count + 10; i++) {
    const t0 = performance.now()
    await new Promise<void>((resolve) => {
      answer = resolve
      port.postMessage(message)
    })
    if (i >= 10) times.push(performance.now() - t0)
  }
  port.disconnect()
  return times
}

export interface UploadArgs {
  bytes: number
  chunkBytes: number
  window: number
  /** Carry chunks as ArrayBuffers (structured clone) or base64 text (JSON). */
  as: "bytes" | "base64"
}

/** Uploads `bytes` in chunks with at most `window` unacknowledged; MB/s. */
export async function upload(args: UploadArgs): Promise<number> {
  const port = chrome.runtime.connect({ name: "probe" })
  const chunks = Math.ceil(args.bytes / args.chunkBytes)
  const source = new Uint8Array(args.chunkBytes)
  for (let i = 0; i < source.length; i++) source[i] = (i * 7) & 0xff
  const encode = (): unknown => {
    if (args.as === "bytes") return source.slice().buffer
    let binary = ""
    for (let i = 0; i < source.length; i++)
      binary += String.fromCharCode(source[i])
    return btoa(binary)
  }
  const t0 = performance.now()
  await new Promise<void>((resolve) => {
    let sent = 0
    let acked = 0
    const pump = () => {
      while (sent < chunks && sent - acked < args.window) {
        const m = { type: "stream-chunk", id: "upload", index: sent++ }
        port.postMessage({ k: "st", m: { ...m, data: encode() } })
      }
    }
    port.onMessage.addListener(() => {
      if (++acked === chunks) resolve()
      else pump()
    })
    pump()
  })
  const seconds = (performance.now() - t0) / 1000
  port.disconnect()
  return args.bytes / 1e6 / seconds
}

/** What an ArrayBuffer posted to the worker comes back as ("ArrayBuffer" under structured clone). */
export async function echoedBufferType(): Promise<string> {
  const port = chrome.runtime.connect({ name: "probe" })
  const back = await new Promise<{ m?: { data?: unknown } }>((resolve) => {
    port.onMessage.addListener(resolve)
    const data = new Uint8Array([1, 2, 3]).buffer
    const m = { type: "stream-chunk", id: "echo", index: 0, data }
    port.postMessage({ k: "st", m })
  })
  port.disconnect()
  const data = back.m?.data
  return data === null || typeof data !== "object"
    ? typeof data
    : (data.constructor?.name ?? "object")
}
