#!/usr/bin/env bash
# npm run bench: direct engine-sim vs nginx vs Portkey's gateway vs the Switchyard gateway (if built), side by
# side; writes tools/bench/results/latest.md. Needs wrk and nginx (apt-get install -y wrk nginx-light).
# Knobs: BENCH_SECONDS (5), BENCH_PROBE_SECONDS (3), BENCH_WARMUP_SECONDS (4), BENCH_CONNECTIONS (1,50),
# BENCH_TARGETS (direct,nginx,portkey,gateway), BENCH_GATEWAY_URL / BENCH_GATEWAY_API_KEY / BENCH_GATEWAY_MODEL.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in wrk nginx; do
  if ! command -v "$tool" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$tool" ]; then
    echo "[bench] $tool is missing: apt-get install -y wrk nginx-light" >&2
    [ "$tool" = wrk ] && exit 1
  fi
done
export PATH="$PATH:/usr/sbin"
exec node -r @swc-node/register tools/bench/src/main.ts "$@"
