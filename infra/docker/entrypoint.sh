#!/bin/sh
# Starts one Switchyard process, chosen by the first argument or else SWITCHYARD_SERVICE.
# Extra arguments are passed to the process (engine-sim takes --port/--model/...).
set -eu
cd /app

target="${SWITCHYARD_SERVICE:-}"
if [ "$#" -gt 0 ]; then
  target="$1"
  shift
fi

case "$target" in
  registry | scheduler | health-monitor | billing | gateway)
    exec node --conditions=switchyard-dist "services/$target/dist/main.js" "$@"
    ;;
  dashboard)
    next_bin="$(node -p 'require.resolve("next/dist/bin/next", { paths: ["/app/web"] })')"
    cd web
    exec node "$next_bin" start -p "${PORT:-3000}" -H "${HOST:-0.0.0.0}" "$@"
    ;;
  engine-sim)
    exec node --conditions=switchyard-dist tools/engine-sim/dist/main.js "$@"
    ;;
  migrate)
    # Registry schema migrations (idempotent); creates the database and schema when missing.
    exec node scripts/db-migrate.js "$@"
    ;;
  *)
    echo "usage: <image> registry|scheduler|health-monitor|billing|gateway|dashboard|engine-sim|migrate [args]" >&2
    echo "       (or set SWITCHYARD_SERVICE); got '${target}'" >&2
    exit 64
    ;;
esac
