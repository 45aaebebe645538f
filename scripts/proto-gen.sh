#!/usr/bin/env bash
# Regenerates libs/contracts/src/gen/ from proto/ with buf and the LOCAL protoc-gen-es plugin (no network, no
# remote plugins). Idempotent: buf's `clean: true` empties the output folder first, so the result depends only on
# proto/. Usage: npm run proto:gen  (or bash scripts/proto-gen.sh --lint to also run `buf lint`).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
buf="$root/node_modules/.bin/buf"
plugin="$root/node_modules/.bin/protoc-gen-es"

for tool in "$buf" "$plugin"; do
  if [[ ! -x "$tool" ]]; then
    echo "proto-gen: $tool is missing; run npm install first" >&2
    exit 1
  fi
done

cd "$root/proto"
if [[ "${1:-}" == "--lint" ]]; then
  "$buf" lint
fi
"$buf" generate --template buf.gen.yaml
echo "proto-gen: wrote $(find "$root/libs/contracts/src/gen" -name '*_pb.ts' | wc -l) files to libs/contracts/src/gen"
