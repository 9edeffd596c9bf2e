/** The fields of a CDP `Target.TargetInfo` the helpers here read. */
export interface TargetInfo {
  targetId: string
  type: string
  url: string
  title?: string
  /** The target that holds this one (a frame's page), if any. */
  parentId?: string
}

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
