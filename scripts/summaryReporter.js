// Ends the test output with the plain "N passed, M failed" line CI reads. Written at process exit so it comes
// after jest's own summary, which its built-in reporters print later in the same onRunComplete round.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    // A suite that fails to load has no failed tests but must still count as a failure.
    const brokenSuites = results.numRuntimeErrorTestSuites;
    const line = `${results.numPassedTests} passed, ${results.numFailedTests + brokenSuites} failed${skipped ? `, ${skipped} skipped` : ''}\n`;
    process.once('exit', () => process.stderr.write(`\n${line}`));
  }
}
module.exports = SummaryReporter;
