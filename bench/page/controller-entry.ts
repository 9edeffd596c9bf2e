// The one module the benchmark bundles into our popup page (see
// bench/support/controller-bundle.ts): it hands the page the connection code
// the popup's hook uses, so bench/page/port.ts can drive it without React.
import * as config from "~lib/config"
import * as controller from "~lib/connection-controller"

import type { BenchModules } from "./port"

const modules: BenchModules = { controller, config }
;(globalThis as unknown as { __benchModules: BenchModules }).__benchModules =
  modules
