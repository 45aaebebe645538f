#!/usr/bin/env bash
# Builds what needs building: the dashboard (Next.js production build). Services run TypeScript through SWC
# and need no build step; `npm run typecheck` checks their types.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
(cd web && npx next build)
