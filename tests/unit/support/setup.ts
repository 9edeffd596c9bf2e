import "@testing-library/jest-dom"

// jsdom does no layout and has no Element.scrollTo; the views call it to
// follow the newest log entry.
if (typeof Element !== "undefined") {
  Element.prototype.scrollTo ??= function scrollTo() {}
}

// jsdom's Blob has no arrayBuffer(); a view reads a file's chunks with it.
if (typeof Blob !== "undefined" && !Blob.prototype.arrayBuffer) {
  Blob.prototype.arrayBuffer = function arrayBuffer(this: Blob) {
    return new Promise<ArrayBuffer>((resolve, reject) => {
      const reader = new FileReader()
      reader.onload = () => resolve(reader.result as ArrayBuffer)
      reader.onerror = () => reject(reader.error)
      reader.readAsArrayBuffer(this)
    })
  }
}
