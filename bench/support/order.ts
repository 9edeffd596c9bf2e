/** `items` in block `block`'s order: as given in even blocks, reversed in odd ones, so drift hits each alike. */
export function inBlockOrder<T>(items: readonly T[], block: number): T[] {
  return block % 2 === 0 ? [...items] : [...items].reverse()
}
