// Prints vitest's JSON report as the plain closing line CI readers understand: "N passed, N failed".
import { readFileSync, existsSync } from 'node:fs';

const file = process.argv[2] ?? '.data/test-report.json';
if (!existsSync(file)) {
  console.log(`tests: no report at ${file} (the run stopped before vitest finished)`);
  process.exit(1);
}
const report = JSON.parse(readFileSync(file, 'utf8'));
const passed = report.numPassedTests ?? 0;
const failed = (report.numFailedTests ?? 0) + (report.numRuntimeErrorTestSuites ?? 0);
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
