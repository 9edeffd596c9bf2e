/** @jest-environment node */
import {
  checkStoreCredentials,
  itemUrl,
  parseStores,
  TOKEN_URL,
  type Fetch
} from "../../scripts/store-credentials"
import { describeCheck } from "../../scripts/store-credentials-text"

const EXT_ID = "abcdefghijklmnopabcdefghijklmnop"
const chrome = {
  clientId: "client.apps.googleusercontent.com",
  clientSecret: "s3cret-value",
  refreshToken: "1//refresh-token-value",
  extId: EXT_ID
}
const edge = {
  productId: "d34f98f5-f9b7-42b1-bebb-98707202b21d",
  clientId: "0b5b2f44-2a11-4d6b-9f38-1c7e0a9e6d21",
  apiKey: "edge-api-key-value"
}
const secret = (keys: object) => JSON.stringify(keys)
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json" }
  })

/** A fake Google: the token endpoint and the item GET, recording each call. */
function fakeGoogle(
  token: () => Response,
  item: () => Response = () => json(200, { id: EXT_ID, uploadState: "SUCCESS" })
) {
  const calls: { url: string; init?: RequestInit }[] = []
  const fetchFn: Fetch = async (url, init) => {
    calls.push({ url, init })
    if (url === TOKEN_URL) return token()
    if (url === itemUrl(EXT_ID)) return item()
    throw new Error(`unexpected request to ${url}`)
  }
  return { calls, fetchFn }
}
const goodToken = () =>
  json(200, { access_token: "ya29.token", expires_in: 3599 })

describe("Chrome Web Store", () => {
  test("a good refresh token and item: OK, after a token exchange and one read-only GET", async () => {
    const google = fakeGoogle(goodToken)
    const [result] = await checkStoreCredentials(
      secret({ chrome }),
      ["chrome"],
      google.fetchFn
    )
    expect(result).toEqual({
      ok: true,
      store: "chrome",
      checked: "signed-in-and-read-item"
    })
    expect(google.calls.map((c) => c.init?.method ?? "GET")).toEqual([
      "POST",
      "GET"
    ])
    const form = new URLSearchParams(String(google.calls[0].init?.body))
    expect(form.get("grant_type")).toBe("refresh_token")
    expect(form.get("refresh_token")).toBe(chrome.refreshToken)
    expect(google.calls[1].url).toContain("projection=DRAFT")
    expect(
      new Headers(google.calls[1].init?.headers).get("authorization")
    ).toBe("Bearer ya29.token")
    expect(describeCheck(result)).toMatch(
      /Chrome Web Store: OK.*nothing uploaded/
    )
  })

  test("a revoked refresh token: refused, naming the store and refreshToken", async () => {
    const google = fakeGoogle(() =>
      json(400, {
        error: "invalid_grant",
        error_description: "Token has been expired or revoked."
      })
    )
    const [result] = await checkStoreCredentials(
      secret({ chrome }),
      ["chrome"],
      google.fetchFn
    )
    expect(result).toMatchObject({
      ok: false,
      store: "chrome",
      code: "rejected",
      field: "refreshToken"
    })
    const text = describeCheck(result)
    expect(text).toContain("Chrome Web Store")
    expect(text).toContain('"refreshToken"')
    expect(text).not.toContain(chrome.refreshToken)
    expect(google.calls).toHaveLength(1) // no item request without a token
  })

  test("a wrong client secret: refused, naming clientId/clientSecret", async () => {
    const google = fakeGoogle(() => json(401, { error: "invalid_client" }))
    const [result] = await checkStoreCredentials(
      secret({ chrome }),
      ["chrome"],
      google.fetchFn
    )
    expect(result).toMatchObject({
      code: "rejected",
      field: "clientId/clientSecret"
    })
    expect(describeCheck(result)).not.toContain(chrome.clientSecret)
  })

  test("an item that is not there, or not the account's", async () => {
    const missing = fakeGoogle(goodToken, () =>
      json(404, { error: { message: "Item not found." } })
    )
    expect(
      (
        await checkStoreCredentials(
          secret({ chrome }),
          ["chrome"],
          missing.fetchFn
        )
      )[0]
    ).toMatchObject({
      code: "not-found",
      field: "extId",
      detail: "Item not found."
    })
    const forbidden = fakeGoogle(goodToken, () =>
      json(403, { error: { message: "The caller does not have permission" } })
    )
    const [result] = await checkStoreCredentials(
      secret({ chrome }),
      ["chrome"],
      forbidden.fetchFn
    )
    expect(result).toMatchObject({ code: "no-access", field: "extId" })
    expect(describeCheck(result)).toContain("owns the item")
  })

  test("a network failure says nothing was checked", async () => {
    const fetchFn: Fetch = async () => {
      throw new TypeError("fetch failed")
    }
    const [result] = await checkStoreCredentials(
      secret({ chrome }),
      ["chrome"],
      fetchFn
    )
    expect(result).toMatchObject({
      ok: false,
      store: "chrome",
      code: "unreachable"
    })
    expect(describeCheck(result)).toMatch(
      /could not reach.*oauth2\.googleapis\.com.*fetch failed.*Nothing was checked/
    )
  })

  test("missing or malformed fields fail before any request", async () => {
    const google = fakeGoogle(goodToken)
    const { refreshToken: _, ...noToken } = chrome
    expect(
      (
        await checkStoreCredentials(
          secret({ chrome: noToken }),
          ["chrome"],
          google.fetchFn
        )
      )[0]
    ).toMatchObject({
      code: "field-missing",
      field: "refreshToken"
    })
    expect(
      (
        await checkStoreCredentials(
          secret({ chrome: { ...chrome, extId: "not-an-id" } }),
          ["chrome"],
          google.fetchFn
        )
      )[0]
    ).toMatchObject({ code: "field-malformed", field: "extId" })
    expect(
      (
        await checkStoreCredentials(
          secret({ chrome: { ...chrome, zip: "x.zip" } }),
          ["chrome"],
          google.fetchFn
        )
      )[0]
    ).toMatchObject({ code: "names-zip", field: "zip" })
    expect(google.calls).toHaveLength(0)
  })
})

describe("Edge Add-ons", () => {
  test("well-formed fields pass, and the text says the key itself was not checked", async () => {
    const fetchFn = jest.fn<ReturnType<Fetch>, Parameters<Fetch>>()
    const [result] = await checkStoreCredentials(
      secret({ edge }),
      ["edge"],
      fetchFn
    )
    expect(result).toEqual({ ok: true, store: "edge", checked: "fields-only" })
    expect(fetchFn).not.toHaveBeenCalled()
    expect(describeCheck(result)).toContain("Not checked")
  })

  test("a productId that is not a GUID, or no API key, is named", async () => {
    const none = jest.fn<ReturnType<Fetch>, Parameters<Fetch>>()
    expect(
      (
        await checkStoreCredentials(
          secret({ edge: { ...edge, productId: "9NBLGGH4R315" } }),
          ["edge"],
          none
        )
      )[0]
    ).toMatchObject({
      store: "edge",
      code: "field-malformed",
      field: "productId"
    })
    const [noKey] = await checkStoreCredentials(
      secret({ edge: { ...edge, apiKey: " " } }),
      ["edge"],
      none
    )
    expect(describeCheck(noKey)).toBe(
      'Edge Add-ons: "apiKey" is missing or empty in SUBMIT_KEYS.'
    )
  })
})

describe("SUBMIT_KEYS itself", () => {
  const none: Fetch = async () => {
    throw new Error("no request expected")
  }

  test("unset, not JSON, or without the store asked for", async () => {
    expect(await checkStoreCredentials(undefined, ["chrome"], none)).toEqual([
      { ok: false, store: null, code: "keys-missing" }
    ])
    expect(
      (await checkStoreCredentials("{chrome:", ["chrome"], none))[0]
    ).toMatchObject({ code: "keys-not-json" })
    const results = await checkStoreCredentials(
      secret({ edge }),
      ["chrome", "edge"],
      none
    )
    expect(results.map((r) => (r.ok ? "ok" : r.code))).toEqual([
      "no-entry",
      "ok"
    ])
    expect(describeCheck(results[0])).toContain('no "chrome" entry')
  })

  test("--stores names the stores to check", () => {
    expect(parseStores(["--stores=chrome,edge"])).toEqual(["chrome", "edge"])
    expect(parseStores(["--stores=edge"])).toEqual(["edge"])
    expect(parseStores([])).toEqual(expect.stringContaining("--stores=chrome"))
    expect(parseStores(["--stores=firefox"])).toEqual(
      expect.stringContaining("firefox")
    )
  })
})
