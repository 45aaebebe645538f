#!/usr/bin/env bash
# npm start: install if needed, make sure PostgreSQL/Redis/NATS are up, generate and migrate, then run the
# whole platform with a demo (scripts/platform.js, which first brings the precompiled dist/ folders up to date with
# scripts/build-dist.js and runs every service from them). Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false NX_NO_CLOUD=true NEXT_TELEMETRY_DISABLED=1
source scripts/lib/install.sh
source scripts/lib/dashboard.sh
ensure_installed
node scripts/lib/servers.js
# This checkout's database / NATS namespace / Redis prefix (its own when another installation owns the defaults).
installation="$(node scripts/lib/installation.js)"
eval "$installation"
bash scripts/prepare.sh
ensure_dashboard_built start || exit 1
exec node scripts/platform.js "$@"
