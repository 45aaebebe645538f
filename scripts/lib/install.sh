# Sourced by start.sh and test.sh: installs dependencies when node_modules is missing or older than the lockfile.
# `npm ci` fails on these machines (other-platform optional binaries missing from the registry): use npm install.
ensure_installed() {
  if [ ! -d node_modules ] || [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ] || [ package.json -nt node_modules/.package-lock.json ]; then
    echo "[install] npm install"
    npm install --no-audit --no-fund --loglevel=error || return 1
  fi
}
