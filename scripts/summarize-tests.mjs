// Adds up the Vitest and Playwright JSON reports into one closing line.
// Arguments: the names of steps that failed outright (lint, typecheck, ...).
import { existsSync, readFileSync } from 'node:fs';

const failedSteps = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;

const unitPath = '.test-reports/unit.json';
if (existsSync(unitPath)) {
  const unit = JSON.parse(readFileSync(unitPath, 'utf8'));
  passed += unit.numPassedTests ?? 0;
  failed += unit.numFailedTests ?? 0;
  skipped += (unit.numPendingTests ?? 0) + (unit.numTodoTests ?? 0);
}
const e2ePath = '.test-reports/e2e.json';
if (existsSync(e2ePath)) {
  const e2e = JSON.parse(readFileSync(e2ePath, 'utf8'));
  passed += (e2e.stats?.expected ?? 0) + (e2e.stats?.flaky ?? 0);
  failed += e2e.stats?.unexpected ?? 0;
  skipped += e2e.stats?.skipped ?? 0;
}
for (const step of failedSteps) console.log(`failed step: ${step}`);
const counted = failed + failedSteps.filter((s) => s !== 'unit' && s !== 'e2e').length;
console.log(`tests: ${passed} passed, ${counted} failed, ${skipped} skipped`);
process.exit(failedSteps.length > 0 || failed > 0 || passed === 0 ? 1 : 0);
