import { reportBadgeError } from "~background/badge"

describe("the worker's badge errors", () => {
  let logged: jest.SpyInstance
  beforeEach(() => {
    logged = jest.spyOn(console, "error").mockImplementation(() => {})
  })
  afterEach(() => logged.mockRestore())

  it("are logged as one line with the error", () => {
    const error = new Error("Quota exceeded")
    reportBadgeError(error)
    expect(logged).toHaveBeenCalledWith(
      "Could not update the toolbar badge",
      error
    )
  })

  it("are not logged when Chrome says the worker is stopping (No SW)", () => {
    reportBadgeError(new Error("No SW"))
    expect(logged).not.toHaveBeenCalled()
  })
})
