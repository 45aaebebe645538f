# Sourced by start.sh and test.sh. Bash.

# Builds the dashboard (scripts/build.sh: dist/ + next build) when it was never built or its sources changed.
ensure_dashboard_built() {
  if [ ! -f web/.next/BUILD_ID ] || [ -n "$(find web/app web/src web/middleware.ts web/next.config.mjs package-lock.json -newer web/.next/BUILD_ID -print -quit 2>/dev/null)" ]; then
    echo "[$1] building the dashboard"
    bash scripts/build.sh >/dev/null || { echo "[$1] dashboard build failed: run npm run build to see why"; return 1; }
  fi
}

# The dashboard's browser test drives Debian's Chromium (/usr/bin/chromium). Installs it as root with apt-get when
# missing; elsewhere the test is skipped and says so.
ensure_chromium() {
  [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "[$1] installing chromium with apt-get (the dashboard's browser test)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1; } \
      || echo "[$1] chromium could not be installed: the dashboard's browser test will be skipped"
  fi
  return 0
}
