// The one module the benchmark bundles into our popup page (see
// bench/support/controller-bundle.ts): it hands the page the conversation
// client the popup's hook uses, so bench/page/port.ts can drive it without React.
import * as client from "~views/chrome-client"

import type { BenchModules } from "./port"

const modules: BenchModules = { client }
;(globalThis as unknown as { __benchModules: BenchModules }).__benchModules =
  modules
