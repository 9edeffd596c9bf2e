import {
  text,
  type CheckResult,
  type FileMap,
  type Manifest,
  type Problem
} from "./types"

/**
 * Chrome extension permissions → what using them looks like in code: the
 * `chrome.*` namespaces each one unlocks (any one counts as use), or a
 * custom pattern. Anything not listed is reported as unknown, so a new
 * permission has to be added here, deliberately.
 */
export const PERMISSION_USES: Record<
  string,
  { namespaces?: string[]; pattern?: RegExp }
> = {
  activeTab: { namespaces: ["tabs", "scripting"] },
  alarms: { namespaces: ["alarms"] },
  background: { namespaces: ["runtime"] },
  bookmarks: { namespaces: ["bookmarks"] },
  browsingData: { namespaces: ["browsingData"] },
  clipboardRead: {
    pattern: /navigator\.clipboard\.read|execCommand\(\s*["']paste/
  },
  clipboardWrite: {
    pattern: /navigator\.clipboard\.write|execCommand\(\s*["'](copy|cut)/
  },
  contentSettings: { namespaces: ["contentSettings"] },
  contextMenus: { namespaces: ["contextMenus"] },
  cookies: { namespaces: ["cookies"] },
  debugger: { namespaces: ["debugger"] },
  declarativeContent: { namespaces: ["declarativeContent"] },
  declarativeNetRequest: { namespaces: ["declarativeNetRequest"] },
  declarativeNetRequestWithHostAccess: {
    namespaces: ["declarativeNetRequest"]
  },
  declarativeNetRequestFeedback: { namespaces: ["declarativeNetRequest"] },
  desktopCapture: { namespaces: ["desktopCapture"] },
  downloads: { namespaces: ["downloads"] },
  favicon: { pattern: /\/_favicon\// },
  fontSettings: { namespaces: ["fontSettings"] },
  gcm: { namespaces: ["gcm"] },
  geolocation: { pattern: /navigator\.geolocation/ },
  history: { namespaces: ["history"] },
  identity: { namespaces: ["identity"] },
  idle: { namespaces: ["idle"] },
  management: { namespaces: ["management"] },
  nativeMessaging: { pattern: /\b(connectNative|sendNativeMessage)\b/ },
  notifications: { namespaces: ["notifications"] },
  offscreen: { namespaces: ["offscreen"] },
  pageCapture: { namespaces: ["pageCapture"] },
  power: { namespaces: ["power"] },
  privacy: { namespaces: ["privacy"] },
  proxy: { namespaces: ["proxy"] },
  readingList: { namespaces: ["readingList"] },
  scripting: { namespaces: ["scripting"] },
  search: { namespaces: ["search"] },
  sessions: { namespaces: ["sessions"] },
  sidePanel: { namespaces: ["sidePanel"] },
  storage: { namespaces: ["storage"] },
  "system.cpu": { namespaces: ["system.cpu"] },
  "system.display": { namespaces: ["system.display"] },
  "system.memory": { namespaces: ["system.memory"] },
  "system.storage": { namespaces: ["system.storage"] },
  tabCapture: { namespaces: ["tabCapture"] },
  tabGroups: { namespaces: ["tabGroups"] },
  tabs: { namespaces: ["tabs"] },
  topSites: { namespaces: ["topSites"] },
  tts: { namespaces: ["tts"] },
  ttsEngine: { namespaces: ["ttsEngine"] },
  unlimitedStorage: { namespaces: ["storage"] },
  userScripts: { namespaces: ["userScripts"] },
  webNavigation: { namespaces: ["webNavigation"] },
  webRequest: { namespaces: ["webRequest"] }
}

/**
 * Permissions this extension must not ask for: broad access it has no use
 * for. "Join from this tab" reaches a page through `activeTab` (granted by
 * the user's click, for that tab only), never through these.
 */
export const FORBIDDEN_PERMISSIONS: Record<string, string> = {
  tabs: "exposes every tab's URL and title; activeTab gives the one tab the user clicked on",
  webNavigation:
    "watches every tab's navigations; the extension needs only its joined tabs' tabs.onUpdated",
  userScripts:
    "runs code in pages without the user's click; the widget is injected on request only"
}

function namespacePattern(namespace: string): RegExp {
  const ns = namespace.split(".").join("\\s*\\??\\.\\s*")
  return new RegExp(`\\b(?:chrome|browser)\\s*\\??\\.\\s*${ns}\\b`)
}

/** A host match pattern that reaches every site (or every site of a scheme). */
export function isBroadHostPattern(pattern: string): boolean {
  if (pattern === "<all_urls>") return true
  const m = /^([^:]+):\/\/([^/]*)/.exec(pattern)
  if (!m) return false
  const host = m[2]
  return host === "*" || /^\*\.[^.]+$/.test(host)
}

function isHostPattern(value: string): boolean {
  return value === "<all_urls>" || value.includes("://")
}

function list(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === "string")
    : []
}

/**
 * Every declared permission is known and used by the bundled JavaScript; none
 * is on the forbidden list; no host access to every site (host permissions,
 * content script matches).
 */
export function checkPermissions(
  files: FileMap,
  manifest: Manifest
): CheckResult {
  const problems: Problem[] = []
  const add = (message: string) =>
    problems.push({ check: "permissions", message })
  const code = [...files]
    .filter(([path]) => /\.m?js$/i.test(path))
    .map(([, bytes]) => text(bytes))
    .join("\n")

  for (const field of ["permissions", "optional_permissions"] as const) {
    for (const permission of list(manifest[field])) {
      if (isHostPattern(permission)) {
        add(
          `${field} has host pattern ${permission}; Manifest V3 puts hosts in host_permissions`
        )
        if (isBroadHostPattern(permission))
          add(`${field} grants access to every site (${permission})`)
        continue
      }
      if (permission in FORBIDDEN_PERMISSIONS) {
        add(
          `${field} has "${permission}": ${FORBIDDEN_PERMISSIONS[permission]}`
        )
        continue
      }
      const use = PERMISSION_USES[permission]
      if (!use) {
        add(`${field} has unknown permission "${permission}"`)
        continue
      }
      if (field === "optional_permissions") continue
      const used =
        (use.namespaces ?? []).some((ns) => namespacePattern(ns).test(code)) ||
        (use.pattern?.test(code) ?? false)
      if (!used) {
        const how = use.namespaces
          ? use.namespaces.map((n) => `chrome.${n}`).join(" or ")
          : String(use.pattern)
        add(
          `permission "${permission}" is declared but the bundled code never uses ${how}; remove it`
        )
      }
    }
  }

  for (const field of [
    "host_permissions",
    "optional_host_permissions"
  ] as const) {
    for (const pattern of list(manifest[field])) {
      if (isBroadHostPattern(pattern))
        add(`${field} grants access to every site (${pattern})`)
    }
  }
  const scripts = Array.isArray(manifest.content_scripts)
    ? manifest.content_scripts
    : []
  scripts.forEach((entry, i) => {
    // The widget runs in a page only once the user asked for it there.
    add(
      `content_scripts[${i}] is declared: the widget must be injected on the user's click (activeTab + scripting), not run by the manifest`
    )
    const matches = list((entry as Record<string, unknown> | null)?.matches)
    for (const pattern of matches) {
      if (isBroadHostPattern(pattern))
        add(`content_scripts[${i}] runs on every site (${pattern})`)
    }
  })
  return { problems, notes: [] }
}
