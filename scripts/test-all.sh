#!/usr/bin/env bash
# The whole test suite: lint, type-check, unit tests (Vitest), end-to-end tests (Playwright + Chromium),
# the WASI testsuite through the CLI and the browser engine (npm run conformance).
# Ends with one summary line: "tests: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p .test-reports
rm -f .test-reports/*.json
failed_steps=()
step() {
  local name=$1; shift
  echo "── $name"
  if ! "$@"; then failed_steps+=("$name"); fi
}
step lint npx eslint . --max-warnings=0
step format npx prettier --check "src/**/*.{ts,tsx}" "e2e/**/*.ts" --log-level warn
step typecheck npx tsc -p tsconfig.json
step unit npx vitest run --reporter=default --reporter=json --outputFile.json=.test-reports/unit.json
if CHROMIUM_PATH=$(scripts/ensure-chromium.sh); then
  export CHROMIUM_PATH
  step build npm run --silent build
  step e2e env PLAYWRIGHT_JSON_OUTPUT_NAME=.test-reports/e2e.json npx playwright test --reporter=list,json
  # The official WASI testsuite through the CLI and the built page (conformance/expectations.json).
  step conformance node scripts/conformance.mjs
else
  failed_steps+=("chromium")
fi
node scripts/summarize-tests.mjs "${failed_steps[@]}"
