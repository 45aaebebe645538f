#!/usr/bin/env bash
# npm run bench: direct engine-sim vs nginx vs Portkey's gateway vs the Switchyard gateway (if built), side by
# side; writes tools/bench/results/latest.md. Needs wrk and nginx (apt-get install -y wrk nginx-light).
# Knobs: BENCH_SECONDS (5), BENCH_PROBE_SECONDS (3), BENCH_WARMUP_SECONDS (4), BENCH_CONNECTIONS (1,50),
# BENCH_TARGETS (direct,nginx,portkey,gateway), BENCH_GATEWAY_URL / BENCH_GATEWAY_API_KEY / BENCH_GATEWAY_MODEL,
# BENCH_MEMORY_STREAMS (1000; 0 = no memory phase), BENCH_MEMORY_STREAM_SECONDS (3.2), BENCH_MEMORY_RAMP_MS (1000),
# BENCH_MEMORY_UPSTREAM_CONNECTIONS (the gateway's cap in its second memory run; default: the stream count).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/install.sh
ensure_installed || exit 1
missing=()
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
if [ ${#missing[@]} -gt 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "[bench] installing ${missing[*]} with apt-get"
  apt-get install -y "${missing[@]}" >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y "${missing[@]}" >/dev/null 2>&1; } || true
fi
for tool in wrk nginx; do
  if ! command -v "$tool" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$tool" ]; then
    echo "[bench] $tool is missing: apt-get install -y wrk nginx-light" >&2
    [ "$tool" = wrk ] && exit 1
  fi
done
export PATH="$PATH:/usr/sbin"
# Precompiled, like npm start: the harness, engine-sim, the TTFT probe and the gateway run dist/*.js (no SWC compiler
# resident in the measured processes); scripts/build-dist.js recompiles only what changed.
node scripts/build-dist.js
exec node --conditions=switchyard-dist tools/bench/dist/main.js "$@"
