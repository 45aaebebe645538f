#!/usr/bin/env bash
# npm test: install if needed, make sure PostgreSQL/Redis/NATS are up, run every project's tests through Nx,
# then lint and typecheck; print one summary line "N passed, N failed" and exit non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false NEXT_TELEMETRY_DISABLED=1 FORCE_COLOR=0
source scripts/lib/install.sh
source scripts/lib/dashboard.sh
ensure_installed || { echo "0 passed, 1 failed"; exit 1; }
node scripts/lib/servers.js switchyard_test || { echo "[test] servers unavailable"; echo "0 passed, 1 failed"; exit 1; }
bash scripts/prepare.sh || { echo "[test] prepare failed"; echo "0 passed, 1 failed"; exit 1; }
# The dashboard's browser test needs the production build and Chromium (~30 s the first time).
ensure_dashboard_built test || { echo "0 passed, 1 failed"; exit 1; }
ensure_chromium test

rm -rf .switchyard/test-results && mkdir -p .switchyard/test-results
started=$(date +%s)
npx nx run-many -t test --parallel="${TEST_PARALLEL:-2}" --outputStyle=stream --skipNxCache
tests_rc=$?

checks_failed=0
echo "[test] lint"
npx eslint --max-warnings=0 . || checks_failed=$((checks_failed + 1))
echo "[test] typecheck"
npx tsc -p tsconfig.json --noEmit || checks_failed=$((checks_failed + 1))

node -e '
const fs = require("fs"), path = require("path");
const dir = ".switchyard/test-results";
let passed = 0, failed = 0, skipped = 0;
for (const f of fs.readdirSync(dir).filter((f) => f.endsWith(".json"))) {
  const r = JSON.parse(fs.readFileSync(path.join(dir, f), "utf8"));
  passed += r.passed; failed += r.failed; skipped += r.skipped;
  console.log(`  ${r.project.padEnd(28)} ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ""}`);
}
const checksFailed = Number(process.argv[1]);
const testsRc = Number(process.argv[2]);
if (testsRc !== 0 && failed === 0) failed = 1;
console.log(`[test] lint + typecheck: ${2 - checksFailed} passed, ${checksFailed} failed; ${Math.round((Date.now() / 1000 - Number(process.argv[3])))} s`);
console.log(`${passed + 2 - checksFailed} passed, ${failed + checksFailed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed + checksFailed > 0 ? 1 : 0);
' "$checks_failed" "$tests_rc" "$started"
