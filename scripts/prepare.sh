#!/usr/bin/env bash
# Generates what is generated (Prisma client) and applies database migrations. Idempotent; used by start and test.
set -euo pipefail
cd "$(dirname "$0")/.."
for step in scripts/prepare.d/*.sh; do
  [ -e "$step" ] || continue
  bash "$step"
done
