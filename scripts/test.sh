#!/usr/bin/env bash
# Run every test: typecheck, unit + integration tests (vitest, real Postgres and Redis), end-to-end tests
# (Playwright + Debian chromium against the app started on a fresh database). Exits non-zero if any step fails.
# Everything is inside one { } block: bash parses it whole before running, so editing this file while a
# run is in progress cannot derail that run.
{
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 PRISMA_HIDE_UPDATE_MESSAGE=1 CI="${CI:-1}"
LOG_DIR=.weft/test-logs  # not under test-results/: Playwright empties that folder when it starts
mkdir -p "$LOG_DIR"
started=$(date +%s)
declare -a RESULTS=()
failed=0
say() { echo "[test] $*"; }
step_started=$(date +%s)
begin() { step_started=$(date +%s); say "$*"; }
record() { # name status  (the time since the last `begin`)
  RESULTS+=("$(printf '%-12s %-5s %s' "$1" "$(( $(date +%s) - step_started ))s" "$2")")
  case "$2" in passed*|skipped*) ;; *) failed=1 ;; esac  # "passed  <summary line>" is a pass too
}
strip() { sed -u 's/\x1b\[[0-9;]*[A-Za-z]//g'; }
tcp_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# 1. Dependencies ---------------------------------------------------------------------------------------
stamp=node_modules/.weft-installed  # npm leaves .package-lock.json alone when nothing changed
if [ ! -d node_modules ] || [ ! -f "$stamp" ] || [ package.json -nt "$stamp" ] \
   || { [ -f package-lock.json ] && [ package-lock.json -nt "$stamp" ]; }; then
  say "npm install"
  npm install --no-audit --no-fund || { say "npm install failed"; exit 1; }
  touch "$stamp"
fi
if [ ! -x /usr/bin/chromium ] && [ -z "${WEFT_CHROMIUM:-}" ]; then
  if command -v apt-get >/dev/null 2>&1; then
    say "installing chromium (apt-get)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y chromium >/dev/null \
      || { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium >/dev/null; } \
      || say "could not install chromium: end-to-end tests will fail"
  else
    say "no /usr/bin/chromium and no apt-get: set WEFT_CHROMIUM to a Chromium binary"
  fi
fi

# 2. Postgres and Redis -----------------------------------------------------------------------------------
if [ -z "${DATABASE_URL:-}" ] && ! tcp_open 127.0.0.1 5432; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    say "starting Postgres (pg_ctlcluster)"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start || true
    for _ in $(seq 1 60); do tcp_open 127.0.0.1 5432 && break; sleep 0.5; done
  fi
  tcp_open 127.0.0.1 5432 || { say "no Postgres on 127.0.0.1:5432 and none could be started: install postgresql or set DATABASE_URL"; exit 1; }
fi
if [ -z "${REDIS_URL:-}" ] && ! tcp_open 127.0.0.1 6379; then
  if command -v redis-server >/dev/null 2>&1; then
    say "starting Redis (redis-server)"
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
    for _ in $(seq 1 40); do tcp_open 127.0.0.1 6379 && break; sleep 0.25; done
  fi
  tcp_open 127.0.0.1 6379 || { say "no Redis on 127.0.0.1:6379 and no redis-server to start: install redis-server or set REDIS_URL"; exit 1; }
fi

# 3. Prisma client ----------------------------------------------------------------------------------------
bash scripts/generate.sh || { say "prisma generate failed"; exit 1; }

# 4. Typecheck --------------------------------------------------------------------------------------------
begin "typecheck (tsc --noEmit)"
if node_modules/.bin/tsc --noEmit -p tsconfig.json > "$LOG_DIR/typecheck.log" 2>&1; then
  record typecheck passed
else
  cat "$LOG_DIR/typecheck.log"
  record typecheck "FAILED ($(grep -c 'error TS' "$LOG_DIR/typecheck.log") errors)"
fi

# 5. Unit and integration tests ---------------------------------------------------------------------------
begin "vitest"
node_modules/.bin/vitest run 2>&1 | tee "$LOG_DIR/vitest.log"
vitest_status=${PIPESTATUS[0]}
vitest_summary=$(strip < "$LOG_DIR/vitest.log" | grep -E '^\s+(Test Files|Tests)\s' | sed 's/^ *//' | paste -sd ';' -)
if [ "$vitest_status" -eq 0 ]; then record vitest "passed  ${vitest_summary}"; else record vitest "FAILED  ${vitest_summary:-no summary (exit $vitest_status)}"; fi

# 6. End-to-end tests -------------------------------------------------------------------------------------
# The app under test is built into its own folder: a development `next build` running at the same time
# (several people share a checkout) must not replace the chunks the test server is loading.
export WEFT_NEXT_DIST_DIR=.weft/next-test
spec_count=$(find e2e -type f \( -name '*.spec.ts' -o -name '*.spec.tsx' -o -name '*.e2e.ts' \) 2>/dev/null | wc -l)
if [ "$spec_count" -eq 0 ]; then
  say "Playwright: no specs under e2e/ yet"
  record playwright skipped
else
  if node_modules/.bin/tsx scripts/build-check.ts; then
    say "Next build is up to date"
  else
    begin "next build"
    if ! node_modules/.bin/next build > "$LOG_DIR/next-build.log" 2>&1; then
      tail -40 "$LOG_DIR/next-build.log"
      record next-build FAILED
    else
      record next-build passed
    fi
  fi
  begin "Playwright ($spec_count spec files)"
  export WEFT_E2E_RUN="e2e-$(date +%Y%m%d-%H%M%S)-$$"  # screenshots and traces: test-results/$WEFT_E2E_RUN/
  WEFT_SKIP_BUILD=1 node_modules/.bin/playwright test --pass-with-no-tests 2>&1 | tee "$LOG_DIR/playwright.log"
  pw_status=${PIPESTATUS[0]}
  pw_summary=$(strip < "$LOG_DIR/playwright.log" | grep -E '^\s+[0-9]+ (passed|failed|flaky|skipped|did not run|interrupted)' | sed 's/^ *//' | paste -sd ';' -)
  if [ "$pw_status" -eq 0 ]; then record playwright "passed  ${pw_summary}"; else record playwright "FAILED  ${pw_summary:-no summary (exit $pw_status)}"; fi
fi

# Summary -------------------------------------------------------------------------------------------------
echo
echo "==================== Weft test summary ($(( $(date +%s) - started ))s) ===================="
for line in "${RESULTS[@]}"; do echo "  $line"; done
echo "  logs: $LOG_DIR/${WEFT_E2E_RUN:+, screenshots: test-results/$WEFT_E2E_RUN/}"
if [ "$failed" -ne 0 ]; then echo "RESULT: FAILED"; exit 1; fi
echo "RESULT: PASSED"
exit 0
}
