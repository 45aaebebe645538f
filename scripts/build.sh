#!/usr/bin/env bash
# Builds what needs building: every project's dist/ (precompiled JavaScript that `npm start` and `npm run bench`
# run; incremental) and the dashboard (Next.js production build). Tests run from source through SWC;
# `npm run typecheck` checks the types.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
node scripts/build-dist.js
(cd web && npx next build)
