#!/usr/bin/env bash
# npm run db:diff -- <name>: writes libs/registry-store/prisma/migrations/<timestamp>_<name>/migration.sql, the SQL
# from the last committed schema.prisma (git HEAD; empty if none) to the working copy. Needs no database.
# Review the file, then `npm run db:migrate` applies it. The SQL is unqualified, so it applies to any schema.
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:-}"
if [ -z "$name" ] || ! [[ "$name" =~ ^[a-z0-9_]+$ ]]; then
  echo "usage: npm run db:diff -- <name>   (lower-case letters, digits and _)" >&2
  exit 2
fi
store=libs/registry-store
schema="$store/prisma/schema.prisma"
export DATABASE_URL="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/switchyard}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
if git cat-file -e "HEAD:$schema" 2>/dev/null; then
  git show "HEAD:$schema" > "$tmp/previous.prisma"
  from=(--from-schema-datamodel "$tmp/previous.prisma")
else
  from=(--from-empty)
fi
npx prisma migrate diff --config "$store/prisma.config.ts" "${from[@]}" --to-schema-datamodel "$schema" --script > "$tmp/migration.sql"
# Keep the SQL schema-neutral: the target schema comes from the connection (search_path), never the file.
sed -i -e '/^-- CreateSchema$/d' -e '/^CREATE SCHEMA IF NOT EXISTS /d' "$tmp/migration.sql"
if ! grep -qv '^--' "$tmp/migration.sql" || grep -q 'This is an empty migration' "$tmp/migration.sql"; then
  echo "[db:diff] no schema change since HEAD: nothing written"
  exit 0
fi
dir="$store/prisma/migrations/$(date -u +%Y%m%d%H%M%S)_${name}"
mkdir -p "$dir"
mv "$tmp/migration.sql" "$dir/migration.sql"
echo "[db:diff] wrote $dir/migration.sql"
