import { readFileSync } from "node:fs"
import type { AxeResults, RunOptions } from "axe-core"
import type { Page } from "playwright-core"

/** The WCAG 2.0 and 2.1 level A and AA rules: what the views must pass. */
export const WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

// Read once per test file: the page gets it by evaluation, which the
// extension's CSP (script-src 'self') does not apply to, unlike a <script>.
let axeSource: string | undefined

/** One element that breaks a rule: what failed and how to fix it. */
export interface AxeFinding {
  id: string
  impact: string
  help: string
  target: string
  summary: string
}

/**
 * Runs axe-core's WCAG 2.1 A/AA rules on the page as it is now; returns one
 * finding per offending element (empty when the page passes).
 */
export async function axeViolations(page: Page): Promise<AxeFinding[]> {
  axeSource ??= readFileSync(require.resolve("axe-core/axe.min.js"), "utf8")
  const injected = await page.evaluate(() => "axe" in window)
  if (!injected) await page.evaluate(axeSource)
  const options: RunOptions = {
    runOnly: { type: "tag", values: WCAG_AA_TAGS },
    resultTypes: ["violations"]
  }
  const violations = await page.evaluate(async (runOptions) => {
    const { axe } = window as unknown as {
      axe: { run(context: Document, options: RunOptions): Promise<AxeResults> }
    }
    const results = await axe.run(document, runOptions)
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? "unknown",
      help: v.help,
      nodes: v.nodes.map((n) => ({
        target: n.target.join(" "),
        summary: n.failureSummary ?? ""
      }))
    }))
  }, options)
  return violations.flatMap((v) =>
    v.nodes.map((n) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      target: n.target,
      summary: n.summary
    }))
  )
}

/** A finding on one line (then its summary), as a failing test prints it. */
export function describeFinding(state: string, finding: AxeFinding): string {
  return `${state}: ${finding.id} (${finding.impact}) ${finding.help} at ${finding.target}\n    ${finding.summary.replace(/\n\s*/g, " ")}`
}
