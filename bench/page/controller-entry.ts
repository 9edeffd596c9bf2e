// The one module the benchmark bundles into our popup page (see
// bench/support/controller-bundle.ts): it hands the page the client our
// views use (mv3-port's stream client) and the conversation protocol, so
// bench/page/port.ts can drive it without React.
import { createStreamClient } from "mv3-port/streams"

import { conversation } from "~protocol/conversation"

import type { BenchModules } from "./port"

const modules: BenchModules = { createStreamClient, conversation }
;(globalThis as unknown as { __benchModules: BenchModules }).__benchModules =
  modules
