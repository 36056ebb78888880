#!/usr/bin/env bash
# Runs the example service (examples/runtime-service, on @msp/runtime) locally with a throwaway
# PostgreSQL and Redis, in the background, from the repository root.
#
# Usage:
#   scripts/runtime-example.sh start   install what is missing, start PostgreSQL, Redis and the
#                                      service (PORT, default 8080), wait until it answers
#   scripts/runtime-example.sh stop    stop the service (SIGTERM, graceful drain), then the servers
#   scripts/runtime-example.sh status  say what runs
#
# npm run runtime:start / npm run runtime:stop call this. Everything lives in .msp-local/ (the
# service's JSON log is .msp-local/service.log); nothing listens anywhere but 127.0.0.1.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="$ROOT/.msp-local"
PORT="${PORT:-8080}"
SECRET="${DIAGNOSTICS_SECRET:-local-dev-secret}"

log() { echo "runtime-example: $*" >&2; }

service_running() { [ -f "$STATE/service.pid" ] && kill -0 "$(cat "$STATE/service.pid")" 2>/dev/null; }

start() {
  mkdir -p "$STATE"
  if service_running; then log "already running (pid $(cat "$STATE/service.pid"))"; return 0; fi
  if [ ! -d "$ROOT/packages/runtime/node_modules" ]; then
    log "installing packages/runtime dependencies"
    npm --prefix "$ROOT/packages/runtime" ci --no-audit --no-fund >/dev/null
  fi
  if [ ! -f "$STATE/services.env" ]; then
    bash "$ROOT/scripts/test-services.sh" start >"$STATE/services.env"
  fi
  # shellcheck disable=SC1091
  . "$STATE/services.env"
  (
    cd "$ROOT/packages/runtime"
    PORT="$PORT" HOST=127.0.0.1 DIAGNOSTICS_SECRET="$SECRET" PGDSN="$TEST_PG_DSN" REDIS_ENDPOINT="$TEST_REDIS_URL" \
      ENVIRONMENT_ID=local OTEL_METRICS_EXPORTER=prometheus \
      nohup node --import tsx ../../examples/runtime-service/src/main.ts >"$STATE/service.log" 2>&1 &
    echo $! >"$STATE/service.pid"
  )
  local i
  for i in $(seq 1 150); do
    if node -e "fetch('http://127.0.0.1:$PORT/-/livez').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"; then
      log "acme-api is up on http://127.0.0.1:$PORT (log: .msp-local/service.log)"
      echo "  curl http://127.0.0.1:$PORT/accounts"
      echo "  curl -H 'Authorization: Bearer $SECRET' http://127.0.0.1:$PORT/-/healthz"
      echo "  curl http://127.0.0.1:$PORT/-/metrics"
      echo "  stop with: npm run runtime:stop"
      return 0
    fi
    service_running || { tail -n 20 "$STATE/service.log" >&2; stop; log "the service did not start"; exit 1; }
    sleep 0.2
  done
  tail -n 20 "$STATE/service.log" >&2
  stop
  log "the service did not answer within 30 s"
  exit 1
}

stop() {
  if service_running; then
    local pid i
    pid="$(cat "$STATE/service.pid")"
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    log "service stopped"
  fi
  rm -f "$STATE/service.pid"
  if [ -f "$STATE/services.env" ]; then
    # shellcheck disable=SC1091
    . "$STATE/services.env"
    bash "$ROOT/scripts/test-services.sh" stop || true
    rm -f "$STATE/services.env"
    log "PostgreSQL and Redis stopped"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status)
    if service_running; then echo "service: running (pid $(cat "$STATE/service.pid"))"; else echo "service: stopped"; fi
    if [ -f "$STATE/services.env" ]; then echo "PostgreSQL and Redis: running"; else echo "PostgreSQL and Redis: stopped"; fi
    ;;
  *) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
