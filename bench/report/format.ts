/** Milliseconds with a precision that suits their size. */
export function ms(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) {
    return "–"
  }
  return value < 10 ? value.toFixed(2) : value.toFixed(1)
}

/** A ratio like "1.23×". */
export function times(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}×` : "–"
}

/** Bytes as kB (1 kB = 1,000 bytes, as the goals are written). */
export function kb(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return "–"
  return `${(bytes / 1000).toFixed(1)} kB`
}

/** Bytes as MB (1 MB = 1,000,000 bytes). */
export function mb(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return "–"
  return `${(bytes / 1e6).toFixed(2)} MB`
}

/** A rate, rounded. */
export function perSec(value: number): string {
  return Number.isFinite(value)
    ? `${Math.round(value).toLocaleString("en-US")}/s`
    : "–"
}
