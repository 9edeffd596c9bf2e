/**
 * The part of web-ext's Node API that npm start uses (web-ext ships no
 * types). Read from web-ext's lib/cmd/run.js and
 * lib/extension-runners/chromium.js.
 */
declare module "web-ext" {
  import type { ProtocolMapping } from "devtools-protocol/types/protocol-mapping"

  type Commands = ProtocolMapping.Commands

  /** web-ext's client on the browser's --remote-debugging-pipe. */
  interface ChromiumCdpClient {
    sendCommand<M extends keyof Commands>(
      method: M,
      params: Commands[M]["paramsType"][0],
      sessionId?: string
    ): Promise<Commands[M]["returnType"]>
  }

  /** One browser; `cdp` is null once it has gone. */
  interface ChromiumExtensionRunner {
    cdp?: ChromiumCdpClient | null
  }

  /** What `cmd.run` resolves to, once the extension is loaded. */
  interface MultiExtensionRunner {
    extensionRunners: ChromiumExtensionRunner[]
    /** Called once every browser has exited (closed by hand or by exit()). */
    registerCleanup(callback: () => void): void
    /** Kills the browsers and waits for them. */
    exit(): Promise<void>
  }

  const webExt: {
    cmd: {
      run(
        params: Record<string, unknown>,
        options?: Record<string, unknown>
      ): Promise<MultiExtensionRunner>
    }
  }
  export default webExt
}
