#!/usr/bin/env bash
# Start Weft on http://127.0.0.1:3000: installs dependencies when needed, finds or starts Postgres and
# Redis, migrates, builds, seeds a demo workflow, then runs the web server and a worker until Ctrl-C.
# All the logic lives in scripts/start.ts; this wrapper only makes sure Node and the packages are there.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v node >/dev/null 2>&1; then
  echo "[weft] Node.js 20 or newer is required: https://nodejs.org/ (or: apt-get install nodejs npm)" >&2
  exit 1
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "[weft] Node.js 20 or newer is required (found $(node -v))" >&2
  exit 1
fi

# npm install when node_modules is missing or older than the lockfile / package.json.
# (npm leaves node_modules/.package-lock.json alone when nothing changed, so keep a stamp of our own.)
stamp=node_modules/.weft-installed
if [ ! -d node_modules ] || [ ! -f "$stamp" ] || [ package.json -nt "$stamp" ] \
   || { [ -f package-lock.json ] && [ package-lock.json -nt "$stamp" ]; }; then
  echo "[weft] installing dependencies (npm install)..."
  npm install --no-audit --no-fund
  touch "$stamp"
fi
# The generated Prisma client is not committed; postinstall makes it, but make sure.
[ -f server/generated/prisma/client.ts ] || bash scripts/generate.sh

exec node_modules/.bin/tsx scripts/start.ts "$@"
