import { isPlainData, MAX_DEPTH, MAX_NODES } from "./plain-data"

const holeInside: unknown[] = []
holeInside[0] = 1
holeInside[2] = 3
const holeAtEnd: unknown[] = [1]
holeAtEnd.length = 2
const extraField = Object.assign([1, 2], { extra: 3 })
// Two keys for a length of two, but index 1 is a hole.
const fakeIndex: unknown[] = [0]
fakeIndex.length = 2
;(fakeIndex as unknown as Record<string, number>)["1.0"] = 1
const huge: unknown[] = []
huge.length = 2 ** 32 - 1
huge[5] = 1
const cycle: Record<string, unknown> = {}
cycle.self = cycle
const shared = { a: 1 }
const nested = (depth: number): unknown =>
  depth === 0 ? 0 : { inner: nested(depth - 1) }

it.each([
  ["primitives", [1, "a", true, null, undefined, 2n]],
  ["nested objects and dense arrays", { a: [1, { b: [] }], c: {} }],
  [
    "an object without a prototype",
    Object.assign(Object.create(null), { a: 1 })
  ],
  ["binary buffers", [new Uint8Array(2), new ArrayBuffer(1)]],
  ["the same object twice, side by side", [shared, shared]],
  [`${MAX_DEPTH} levels deep`, nested(MAX_DEPTH)],
  [`${MAX_NODES} values`, Array(MAX_NODES - 1).fill(0)]
])("accepts %s", (_, value) => {
  expect(isPlainData(value)).toBe(true)
})

it.each([
  ["an array with a hole inside", holeInside],
  ["an array with a hole at its end", holeAtEnd],
  ["an array with a field", extraField],
  ["an array whose other key stands in for a hole", fakeIndex],
  ["a sparse array of length 2³²−1", huge],
  ["a cycle", cycle],
  ["a Map", new Map()],
  ["a Date", new Date(0)],
  ["a class instance", new (class {})()],
  ["a function", () => {}],
  ["a symbol", Symbol("s")],
  [`${MAX_DEPTH + 1} levels deep`, nested(MAX_DEPTH + 1)],
  [`${MAX_NODES + 1} values`, Array(MAX_NODES).fill(0)],
  [
    `an object of ${MAX_NODES} fields`,
    Object.fromEntries(Array.from({ length: MAX_NODES }, (_, i) => [i, 0]))
  ]
])("refuses %s", (_, value) => {
  expect(isPlainData(value)).toBe(false)
})
