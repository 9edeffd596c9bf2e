import { newId } from "./ids"

it("makes distinct, well-formed ids of one page's prefix", () => {
  const ids = Array.from({ length: 1000 }, newId)
  expect(new Set(ids).size).toBe(1000)
  const prefixes = new Set(ids.map((id) => id.slice(0, id.lastIndexOf("-"))))
  expect(prefixes.size).toBe(1)
  for (const id of ids) expect(id.length).toBeLessThanOrEqual(128)
})
