import type { Protocol } from "devtools-protocol"

/** A CDP target (page, frame of another process, worker), as `Target.getTargets` lists it. */
export type TargetInfo = Protocol.Target.TargetInfo

/** Whether a CDP target is a service worker of extension `extensionId`. */
export function isWorkerOf(
  target: Pick<TargetInfo, "type" | "url">,
  extensionId: string
): boolean {
  return (
    target.type === "service_worker" &&
    target.url.startsWith(`chrome-extension://${extensionId}/`)
  )
}

/** Sends a command on a page's CDP session (our pipe page, a Playwright CDPSession). */
export type WorkerCommandSender = (
  method: "ServiceWorker.enable" | "ServiceWorker.stopAllWorkers"
) => Promise<unknown>

/**
 * Stops every service worker now, as Chrome does when one idles out. The
 * commands go to a page's session: attaching to the worker itself would keep
 * it from ever idling out.
 */
export async function stopAllWorkers(send: WorkerCommandSender): Promise<void> {
  await send("ServiceWorker.enable")
  await send("ServiceWorker.stopAllWorkers")
}
