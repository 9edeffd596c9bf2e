/**
 * `tsx scripts/check-store-credentials.ts --stores=chrome,edge [--allow-missing]`:
 * checks SUBMIT_KEYS (from the environment) for those stores without
 * publishing anything (see scripts/store-credentials.ts for what is and is
 * not checked). Exits 1 on any failure. `--allow-missing`: an unset
 * SUBMIT_KEYS is reported and passes (a dry run before the keys exist).
 */
import { checkStoreCredentials, parseStores } from "./store-credentials"
import { describeCheck } from "./store-credentials-text"

async function main(): Promise<number> {
  const argv = process.argv.slice(2)
  const stores = parseStores(argv)
  if (typeof stores === "string") {
    console.error(stores)
    return 1
  }
  const results = await checkStoreCredentials(
    process.env.SUBMIT_KEYS,
    stores,
    fetch
  )
  const missing = results.some((r) => !r.ok && r.code === "keys-missing")
  for (const result of results) {
    ;(result.ok ? console.log : console.error)(describeCheck(result))
  }
  if (missing && argv.includes("--allow-missing")) {
    console.log(
      "Dry run without SUBMIT_KEYS: the credentials were not checked."
    )
    return 0
  }
  return results.every((r) => r.ok) ? 0 : 1
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`check-store-credentials failed: ${String(error)}`)
    process.exit(1)
  }
)
