import { trustedOnly } from "~background/storage-access"

/** A storage area that records its access level, or refuses to set one. */
function area(refuse = false) {
  return {
    setAccessLevel: jest.fn((_: { accessLevel: string }) =>
      refuse ? Promise.reject(new Error("not supported")) : Promise.resolve()
    )
  }
}

const asAreas = (areas: object) =>
  areas as unknown as Parameters<typeof trustedOnly>[0]

describe("the storage areas' access level", () => {
  it("closes session and sync to content scripts", () => {
    const session = area()
    const sync = area()
    trustedOnly(asAreas({ session, sync }))
    for (const used of [session, sync]) {
      expect(used.setAccessLevel).toHaveBeenCalledWith({
        accessLevel: "TRUSTED_CONTEXTS"
      })
    }
  })

  it("logs an area that refuses, and skips one without the call", async () => {
    const warn = jest.fn()
    const session = area()
    trustedOnly(asAreas({ session, sync: area(true) }), warn)
    trustedOnly(asAreas({ session: {}, sync: undefined }), warn)
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(warn).toHaveBeenCalledTimes(1)
    expect(warn).toHaveBeenCalledWith(
      "Could not close storage.sync to content scripts: Error: not supported"
    )
    expect(session.setAccessLevel).toHaveBeenCalledTimes(1)
  })
})
