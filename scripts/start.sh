#!/usr/bin/env bash
# npm start: install if needed, make sure PostgreSQL/Redis/NATS are up, generate and migrate, then run the
# whole platform with a demo (scripts/platform.js). Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false NX_NO_CLOUD=true NEXT_TELEMETRY_DISABLED=1
source scripts/lib/install.sh
ensure_installed
node scripts/lib/servers.js
bash scripts/prepare.sh
exec node scripts/platform.js "$@"
