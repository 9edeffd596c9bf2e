import { answerBook, settled, then } from "./answers"
import type { Answer, AnswerStore } from "./stores"

const answer: Answer = { k: "res", id: "a", output: 1 }

describe("then", () => {
  it("calls the next step in the same call for a plain value", () => {
    const seen: number[] = []
    const result = then(1, (n) => {
      seen.push(n)
      return n + 1
    })
    expect(seen).toEqual([1])
    expect(result).toBe(2)
  })

  it("waits for a promise", async () => {
    const result = then(Promise.resolve(1), (n) => n + 1)
    expect(result).toBeInstanceOf(Promise)
    await expect(result).resolves.toBe(2)
  })
})

describe("settled", () => {
  it("turns a throw into the failure's result, at once", () => {
    const result = settled(
      () => {
        throw new Error("boom")
      },
      () => "failed"
    )
    expect(result).toBe("failed")
  })

  it("turns a rejection into the failure's result", async () => {
    const result = settled(
      () => Promise.reject(new Error("boom")),
      () => "failed"
    )
    await expect(result).resolves.toBe("failed")
  })
})

describe("answerBook", () => {
  it("reads and writes a synchronous store without a promise", () => {
    const book = answerBook(new MapStore(), () => {})
    expect(book.keep("a", answer)).toBeUndefined()
    expect(book.lookup("a")).toEqual(answer)
  })

  it("reports a store that throws and remembers nothing", () => {
    const errors: unknown[] = []
    const book = answerBook(
      {
        get() {
          throw new Error("get")
        },
        set() {
          throw new Error("set")
        }
      },
      (error) => errors.push(error)
    )
    expect(book.lookup("a")).toBeUndefined()
    expect(book.keep("a", answer)).toBeUndefined()
    expect(errors.map((e) => (e as Error).message)).toEqual(["get", "set"])
  })

  it("reports a store that rejects and remembers nothing", async () => {
    const errors: unknown[] = []
    const book = answerBook(
      {
        get: () => Promise.reject(new Error("get")),
        set: () => Promise.reject(new Error("set"))
      },
      (error) => errors.push(error)
    )
    await expect(book.lookup("a")).resolves.toBeUndefined()
    await expect(book.keep("a", answer)).resolves.toBeUndefined()
    expect(errors.map((e) => (e as Error).message)).toEqual(["get", "set"])
  })
})

class MapStore implements AnswerStore {
  readonly answers = new Map<string, Answer>()
  get(id: string) {
    return this.answers.get(id)
  }
  set(id: string, value: Answer) {
    this.answers.set(id, value)
  }
}
