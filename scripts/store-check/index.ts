/**
 * The offline store checks, run together on a package's files. Each check
 * takes plain data (files, manifest, options) so unit tests can feed it
 * broken inputs; scripts/verify.ts does the I/O and the Chromium load.
 */
import {
  checkDevTraces,
  checkDynamicCode,
  checkForbiddenFiles,
  checkHtmlReferences,
  checkManifestFiles,
  checkZipSize,
  runsWebAssembly
} from "./bundle-checks"
import { checkCsp, type CspOptions } from "./csp-checks"
import { checkIcons } from "./icon-checks"
import { checkLocaleTexts } from "./locale-checks"
import {
  checkManifest,
  checkVersionAgainstReleases,
  parseManifest
} from "./manifest-checks"
import { checkPermissions } from "./permission-checks"
import { readZip } from "./read-zip"
import { checkStoreImages, type StoreImageSpec } from "./store-image-checks"
import { merge, type CheckResult, type FileMap, type Manifest } from "./types"

export interface PackageCheckOptions {
  /** Versions already released for this target (store/released-versions.json). */
  releasedVersions: readonly string[]
  /** Zip size in bytes; omitted when checking loose files. */
  zipBytes?: number
  /** Store listing images (repo path → bytes); omitted to skip that check. */
  storeImages?: FileMap
  storeImageSpecs?: readonly StoreImageSpec[]
  csp?: CspOptions
}

export interface PackageCheck extends CheckResult {
  manifest: Manifest | null
}

/** Every offline check on a package's files. */
export function checkPackageFiles(
  files: FileMap,
  options: PackageCheckOptions
): PackageCheck {
  const parsed = parseManifest(files)
  const results: CheckResult[] = [parsed.result]
  const manifest = parsed.manifest
  if (manifest) {
    results.push(checkManifest(manifest))
    if (typeof manifest.version === "string") {
      results.push(
        checkVersionAgainstReleases(manifest.version, options.releasedVersions)
      )
    }
    results.push(
      checkIcons(files, manifest),
      checkManifestFiles(files, manifest),
      checkLocaleTexts(files, manifest),
      checkCsp(manifest, { allowWasm: runsWebAssembly(files), ...options.csp }),
      checkPermissions(files, manifest)
    )
  }
  results.push(
    checkHtmlReferences(files),
    checkForbiddenFiles(files),
    checkDevTraces(files),
    checkDynamicCode(files)
  )
  if (options.zipBytes !== undefined) {
    results.push(checkZipSize(options.zipBytes))
  }
  if (options.storeImages) {
    results.push(checkStoreImages(options.storeImages, options.storeImageSpecs))
  }
  return { manifest, ...merge(...results) }
}

/** Reads the zip, then runs every offline check on it. */
export function checkPackageZip(
  zip: Uint8Array,
  options: Omit<PackageCheckOptions, "zipBytes">
): PackageCheck & { files: FileMap } {
  const contents = readZip(zip)
  const checked = checkPackageFiles(contents.files, {
    ...options,
    zipBytes: zip.byteLength
  })
  return {
    ...checked,
    files: contents.files,
    problems: [...contents.problems, ...checked.problems]
  }
}

/** Reads store/released-versions.json's entry for a target. */
export function releasedVersionsFor(json: string, target: string): string[] {
  const data: unknown = JSON.parse(json)
  if (!data || typeof data !== "object" || Array.isArray(data)) {
    throw new Error("released-versions.json is not an object")
  }
  const list = (data as Record<string, unknown>)[target]
  if (list === undefined) return []
  if (!Array.isArray(list) || list.some((v) => typeof v !== "string")) {
    throw new Error(
      `released-versions.json: "${target}" is not a list of version strings`
    )
  }
  return list as string[]
}
