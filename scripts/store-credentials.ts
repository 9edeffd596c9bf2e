/**
 * Checks the store credentials in SUBMIT_KEYS without publishing anything
 * (the submit workflow's dry run; unit-tested with a fake fetch in
 * tests/unit/store-credentials.test.ts).
 *
 * Chrome Web Store: the refresh token is exchanged for an access token
 * (https://oauth2.googleapis.com/token), and the item is read with it
 * (`GET chromewebstore/v1.1/items/<extId>?projection=DRAFT`, a read-only
 * call: https://developer.chrome.com/docs/webstore/api). That proves the
 * client id, secret, refresh token and extId together, as bpp will use them.
 *
 * Edge Add-ons: its API has no read-only call (every GET needs the id of an
 * upload or publish just made: microsoft/MicrosoftEdge-Extensions#696), so
 * only the fields' presence and form are checked, never the API key itself.
 */

/** A store bpp submits to. */
export type Store = "chrome" | "edge"

/** Why a check failed; `describeCheck` owns the wording. */
export type FailureCode =
  | "keys-missing"
  | "keys-not-json"
  | "no-entry"
  | "names-zip"
  | "field-missing"
  | "field-malformed"
  | "rejected"
  | "not-found"
  | "no-access"
  | "unreachable"
  | "unexpected"

/** The outcome for one store (`store` null: SUBMIT_KEYS itself). */
export type CredentialCheck =
  | {
      ok: true
      store: Store
      checked: "signed-in-and-read-item" | "fields-only"
    }
  | {
      ok: false
      store: Store | null
      code: FailureCode
      /** The SUBMIT_KEYS field at fault ("clientId", "refreshToken", …). */
      field?: string
      /** What the store said (an error code or message; never a secret). */
      detail?: string
    }

const STORES: readonly Store[] = ["chrome", "edge"]

/** The stores named by `--stores=a,b`, or an error message. */
export function parseStores(argv: readonly string[]): Store[] | string {
  const arg = argv.find((a) => a.startsWith("--stores="))
  const names = arg ? arg.slice("--stores=".length).split(",") : []
  if (names.length === 0 || names.some((n) => !STORES.includes(n as Store))) {
    return `Give the stores to check: --stores=chrome, --stores=edge or --stores=chrome,edge (got ${arg ?? "nothing"}).`
  }
  return [...new Set(names)] as Store[]
}

/** The subset of `fetch` used here, so tests can pass a fake. */
export type Fetch = (url: string, init?: RequestInit) => Promise<Response>

export const TOKEN_URL = "https://oauth2.googleapis.com/token"
export const itemUrl = (extId: string) =>
  `https://www.googleapis.com/chromewebstore/v1.1/items/${extId}?projection=DRAFT`

const REQUIRED: Record<Store, string[]> = {
  chrome: ["clientId", "clientSecret", "refreshToken", "extId"],
  edge: ["productId", "clientId", "apiKey"]
}
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const FORMS: Record<string, RegExp> = {
  extId: /^[a-p]{32}$/,
  productId: GUID,
  "edge.clientId": GUID
}

type Entry = Record<string, unknown>
type Fail = Extract<CredentialCheck, { ok: false }>
const fail = (
  store: Store | null,
  code: FailureCode,
  more: Partial<Fail> = {}
): Fail => ({
  ok: false,
  store,
  code,
  ...more
})

/** The entry's problem with its fields (missing, malformed, a zip named), or null. */
function shapeProblem(store: Store, entry: Entry): Fail | null {
  if ("zip" in entry || "file" in entry) {
    return fail(store, "names-zip", { field: "zip" in entry ? "zip" : "file" })
  }
  for (const field of REQUIRED[store]) {
    const value = entry[field]
    if (typeof value !== "string" || value.trim() === "") {
      return fail(store, "field-missing", { field })
    }
    const form = FORMS[`${store}.${field}`] ?? FORMS[field]
    if (form && !form.test(value.trim())) {
      return fail(store, "field-malformed", { field })
    }
  }
  return null
}

/** Reads a JSON body, or null when there is none or it is not JSON. */
async function jsonOf(
  response: Response
): Promise<Record<string, unknown> | null> {
  try {
    const body: unknown = await response.json()
    return body && typeof body === "object"
      ? (body as Record<string, unknown>)
      : null
  } catch {
    return null
  }
}

/** Signs in with the refresh token and reads the item: no upload, no publish. */
async function checkChrome(
  entry: Entry,
  fetchFn: Fetch
): Promise<CredentialCheck> {
  const value = (field: string) => String(entry[field]).trim()
  let token: Response
  try {
    token = await fetchFn(TOKEN_URL, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        client_id: value("clientId"),
        client_secret: value("clientSecret"),
        refresh_token: value("refreshToken"),
        grant_type: "refresh_token"
      }).toString()
    })
  } catch (error) {
    return fail("chrome", "unreachable", {
      detail: `oauth2.googleapis.com: ${String(error)}`
    })
  }
  const tokenBody = await jsonOf(token)
  const accessToken = tokenBody?.access_token
  if (!token.ok || typeof accessToken !== "string") {
    const error = String(tokenBody?.error ?? `HTTP ${token.status}`)
    // Google's OAuth errors (RFC 6749 §5.2): which field they point at.
    const field =
      error === "invalid_client"
        ? "clientId/clientSecret"
        : error === "invalid_grant" || error === "unauthorized_client"
          ? "refreshToken"
          : undefined
    return fail("chrome", field ? "rejected" : "unexpected", {
      field,
      detail: error
    })
  }
  let item: Response
  try {
    item = await fetchFn(itemUrl(value("extId")), {
      headers: {
        authorization: `Bearer ${accessToken}`,
        "x-goog-api-version": "2"
      }
    })
  } catch (error) {
    return fail("chrome", "unreachable", {
      detail: `www.googleapis.com: ${String(error)}`
    })
  }
  const itemBody = await jsonOf(item)
  const message = (itemBody?.error as { message?: unknown } | undefined)
    ?.message
  const detail = typeof message === "string" ? message : `HTTP ${item.status}`
  if (item.status === 404 || itemBody?.uploadState === "NOT_FOUND") {
    return fail("chrome", "not-found", { field: "extId", detail })
  }
  if (item.status === 401 || item.status === 403) {
    return fail("chrome", "no-access", { field: "extId", detail })
  }
  if (!item.ok || itemBody?.id !== value("extId")) {
    return fail("chrome", "unexpected", { detail })
  }
  return { ok: true, store: "chrome", checked: "signed-in-and-read-item" }
}

/** Checks SUBMIT_KEYS for `stores`: its shape for each, and Chrome's against the store. */
export async function checkStoreCredentials(
  secret: string | undefined,
  stores: readonly Store[],
  fetchFn: Fetch
): Promise<CredentialCheck[]> {
  if (!secret?.trim()) return [fail(null, "keys-missing")]
  let keys: unknown
  try {
    keys = JSON.parse(secret)
  } catch {
    return [fail(null, "keys-not-json")]
  }
  if (!keys || typeof keys !== "object") return [fail(null, "keys-not-json")]
  const results: CredentialCheck[] = []
  for (const store of stores) {
    const entry = (keys as Record<string, unknown>)[store]
    if (!entry || typeof entry !== "object") {
      results.push(fail(store, "no-entry"))
      continue
    }
    const problem = shapeProblem(store, entry as Entry)
    if (problem) results.push(problem)
    else if (store === "chrome")
      results.push(await checkChrome(entry as Entry, fetchFn))
    else results.push({ ok: true, store, checked: "fields-only" })
  }
  return results
}
