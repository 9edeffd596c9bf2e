/** What `check-store-credentials` prints for each outcome (the wording lives here only). */
import type { CredentialCheck, Store } from "./store-credentials"

const STORE_NAMES: Record<Store, string> = {
  chrome: "Chrome Web Store",
  edge: "Edge Add-ons"
}

/** One line (or two) for a check's outcome, naming the store and the field; never a secret's value. */
export function describeCheck(check: CredentialCheck): string {
  if (check.ok) {
    return check.checked === "signed-in-and-read-item"
      ? `${STORE_NAMES[check.store]}: OK (signed in with the refresh token and read the item extId; nothing uploaded).`
      : `${STORE_NAMES[check.store]}: fields present and well formed. Not checked: whether the API key and client id are accepted (the Edge API has no read-only call; a real submission is the first to use them).`
  }
  const where = check.store ? STORE_NAMES[check.store] : "SUBMIT_KEYS"
  const field = check.field ? `"${check.field}"` : ""
  const said = check.detail ? ` (the store said: ${check.detail})` : ""
  switch (check.code) {
    case "keys-missing":
      return "SUBMIT_KEYS is not set (see docs/publishing.md, section 3)."
    case "keys-not-json":
      return "SUBMIT_KEYS is not a JSON object: set it again from keys.json."
    case "no-entry":
      return `SUBMIT_KEYS has no "${check.store}" entry: add it, or choose only the stores you have keys for.`
    case "names-zip":
      return `${where}: SUBMIT_KEYS "${check.store}" names a zip (${field}): remove it, the workflow passes the file.`
    case "field-missing":
      return `${where}: ${field} is missing or empty in SUBMIT_KEYS.`
    case "field-malformed":
      return `${where}: ${field} does not look right (extId: 32 letters a-p; productId and Edge clientId: a GUID).`
    case "rejected":
      return `${where}: Google refused ${field}${said}. invalid_client: clientId or clientSecret is wrong; invalid_grant: the refresh token expired or was revoked (make a new one, docs/publishing.md).`
    case "not-found":
      return `${where}: no item ${field}${said}: check the extId.`
    case "no-access":
      return `${where}: signed in, but not allowed to read item ${field}${said}: the refresh token must belong to the account that owns the item, and the Chrome Web Store API must be enabled in the client's project.`
    case "unreachable":
      return `${where}: could not reach the store: ${check.detail ?? "network error"}. Nothing was checked; run it again.`
    case "unexpected":
      return `${where}: unexpected answer${said}.`
  }
}
