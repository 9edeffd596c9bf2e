/**
 * Ends every jest run with one plain line, "jest: N passed, N failed, N skipped",
 * that CI logs (and people) can read without parsing jest's own summary.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests
    // A suite that failed to run (a throw at load time, a broken import) has
    // no failed tests of its own: count it as one, or the line says 0 failed.
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites
    // eslint-disable-next-line no-console
    console.log(
      `\njest: ${results.numPassedTests} passed, ${failed} failed, ${skipped} skipped`
    )
  }
}

module.exports = SummaryReporter
