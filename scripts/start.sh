#!/usr/bin/env bash
# npm start: install if needed, make sure PostgreSQL/Redis/NATS are up, generate and migrate, then run the
# whole platform with a demo (scripts/platform.js, which first brings the precompiled dist/ folders up to date with
# scripts/build-dist.js and runs every service from them). Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false NX_NO_CLOUD=true NEXT_TELEMETRY_DISABLED=1
source scripts/lib/install.sh
ensure_installed
node scripts/lib/servers.js
# This checkout's database / NATS namespace / Redis prefix (its own when another installation owns the defaults).
installation="$(node scripts/lib/installation.js)"
eval "$installation"
bash scripts/prepare.sh
# Build the dashboard when it was never built or its sources changed since.
if [ ! -f web/.next/BUILD_ID ] || [ -n "$(find web/app web/src web/middleware.ts web/next.config.mjs package-lock.json -newer web/.next/BUILD_ID -print -quit 2>/dev/null)" ]; then
  echo "[start] building the dashboard"
  bash scripts/build.sh >/dev/null || { echo "[start] dashboard build failed: run npm run build to see why"; exit 1; }
fi
exec node scripts/platform.js "$@"
