#!/usr/bin/env bash
# Registry database: generates the Prisma client (libs/registry-store/src/generated, gitignored) when the schema
# or Prisma changed, then applies committed migrations (skipped in well under a second when up to date).
set -euo pipefail
cd "$(dirname "$0")/../.."
store=libs/registry-store
export DATABASE_URL="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/switchyard}"
stamp="$store/src/generated/.stamp"
want="$( (cat "$store/prisma/schema.prisma"; node -p 'require("prisma/package.json").version') | sha256sum | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "[prepare] generating the registry Prisma client"
  (cd "$store" && CHECKPOINT_DISABLE=1 PRISMA_HIDE_UPDATE_MESSAGE=1 npx prisma generate --config prisma.config.ts >/dev/null)
  echo "$want" > "$stamp"
fi
node scripts/db-migrate.js
