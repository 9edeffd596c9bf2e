import { defineConfig } from "wxt"

// https://wxt.dev/api/config.html
export default defineConfig({
  manifest: {
    name: "mv3-port: WXT example",
    description:
      "A popup asks the service worker to upper-case text, over mv3-port.",
    // A public key pins the extension's id, so the e2e test can name its pages.
    key: "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAnCVxicp6ujwh8NFbN29bgBe1MKIJXiS5bOuilE0iifnltmHHsum34qcxkdjJrVdW2VxfLyy3mRMqbK0UJZlugaGGyUrhnL3ReRt9sd0fi82VH0OAHrryh0g/KcS/oB9nNN/32brZgjBMbUuzMy4JVw/Ed0sBBa9s8/q+raL8DTvWKo2uN8PSOt2DqJx//skoYfcoeFKHETK1WwxVaUigyVpMfoTc3/C6MLaIjuAyOSrJAfMN1l3AZLkq8crZ4qepVNQOOexVHQMJvFgGWzpyhR+YoGl3qTgqs0GHnT5i9zTJpIX6AZgQj18ypen5ACjqfbKtw3nlG7fo9P1rrhGVeQIDAQAB",
    // chrome.storage.session keeps the worker's answers (sessionStorageStore).
    permissions: ["storage"]
  }
})
