/**
 * Ends every jest run with one plain line, "jest: N passed, N failed, N skipped",
 * that CI logs (and people) can read without parsing jest's own summary.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests
    // eslint-disable-next-line no-console
    console.log(
      `\njest: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped`
    )
  }
}

module.exports = SummaryReporter
