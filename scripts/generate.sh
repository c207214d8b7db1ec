#!/usr/bin/env bash
# Generates the Prisma client. Prisma's CLI wants a native schema engine that cannot be downloaded here;
# `generate` does not use it, so any existing file satisfies the check.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f prisma/schema.prisma ] || exit 0
export PRISMA_SCHEMA_ENGINE_BINARY="${PRISMA_SCHEMA_ENGINE_BINARY:-$(command -v node)}"
export PRISMA_HIDE_UPDATE_MESSAGE=1
npx --no-install prisma generate >/dev/null
