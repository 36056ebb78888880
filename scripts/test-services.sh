#!/usr/bin/env bash
# Throwaway PostgreSQL and Redis servers on loopback for the runtime SDK's tests and benchmark.
#
# Usage:
#   scripts/test-services.sh run [--] CMD [ARG...]  install if missing, start both servers, run CMD with
#                                                  the connection variables below exported, stop the
#                                                  servers and delete their files; exits with CMD's code
#   scripts/test-services.sh start                 start both servers and print `export NAME=value` lines
#                                                  (eval them); stop later with `stop`
#   scripts/test-services.sh stop                  stop both servers and delete their files
#   scripts/test-services.sh pg-stop|pg-start      stop or start PostgreSQL only (same port and data)
#   scripts/test-services.sh redis-stop|redis-start  stop or start Redis only (same ports)
#   scripts/test-services.sh install               only install Debian's postgresql and redis-server
#
# All commands but `run`, `start` and `install` find the servers through TEST_SERVICES_DIR.
#
# Exported to CMD (and printed by `start`):
#   TEST_SERVICES_DIR    temp dir holding data, sockets, logs and the state file
#   TEST_SERVICES_SCRIPT absolute path of this script (tests call it to stop/start a server)
#   TEST_PG_HOST, TEST_PG_PORT, TEST_PG_USER, TEST_PG_DATABASE (= primary)
#   TEST_PG_DSN          postgres://msp@127.0.0.1:<port>/primary (trust auth on loopback)
#   TEST_REDIS_PASSWORD  the Redis AUTH password
#   TEST_REDIS_URL       redis://:<password>@127.0.0.1:<port>
#   TEST_REDIS_TLS_URL   rediss://:<password>@127.0.0.1:<tls port> (only when openssl is present)
#   TEST_REDIS_CA_DIR    directory holding the CA (ca.pem) that signed the Redis TLS certificate
#
# PostgreSQL refuses to run as root: as root, the server runs as the `postgres` user (created by
# Debian's package) and owns its data dir; as any other user it runs as that user. Nothing listens
# anywhere but 127.0.0.1, and the ports are free ones chosen at start.
set -euo pipefail

SCRIPT_PATH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"

# shellcheck source=lib/apt.sh
. "$(dirname "$SCRIPT_PATH")/lib/apt.sh"
APT_WHO=test-services
log() { apt_say "$@"; }
die() { log "error: $*"; exit 1; }

is_root() { [ "$(id -u)" = 0 ]; }

pg_bindir() {
  local d
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -n "$d" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
  if command -v pg_ctl >/dev/null 2>&1; then dirname "$(command -v pg_ctl)"; return 0; fi
  return 1
}

have_packages() {
  pg_bindir >/dev/null && command -v redis-server >/dev/null && command -v redis-cli >/dev/null
}

# Installs Debian's postgresql and redis-server when missing (scripts/lib/apt.sh: root or sudo,
# one line per step, apt's output shown only on failure, no system-wide daemons started).
install_packages() {
  if have_packages; then
    [ "${1:-}" = verbose ] && log "postgresql and redis-server are installed: nothing to do"
    return 0
  fi
  apt_install "for the runtime SDK's integration tests (throwaway servers on 127.0.0.1 only)" \
    postgresql redis-server || die "postgresql and redis-server are missing and could not be installed"
  have_packages || die "postgresql or redis-server still missing after apt-get install"
  log "done: $("$(pg_bindir)/postgres" --version 2>/dev/null || echo postgresql), $(redis-server --version 2>/dev/null | cut -d' ' -f1-3 || echo redis-server) installed"
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{process.stdout.write(String(s.address().port));s.close()})'
}

# Runs a command as the PostgreSQL server user.
as_pg() {
  if is_root; then
    if command -v runuser >/dev/null; then runuser -u "$PG_OS_USER" -- "$@"
    else su -s /bin/sh "$PG_OS_USER" -c "$(printf '%q ' "$@")"; fi
  else
    "$@"
  fi
}

load_state() {
  [ -n "${TEST_SERVICES_DIR:-}" ] || die "TEST_SERVICES_DIR is not set"
  [ -f "$TEST_SERVICES_DIR/state" ] || die "no state file in $TEST_SERVICES_DIR"
  # shellcheck disable=SC1091
  . "$TEST_SERVICES_DIR/state"
}

pg_running() {
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1
}

pg_start() {
  pg_running && return 0
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$TEST_SERVICES_DIR/postgresql.log" -w -t 60 start >/dev/null \
    || { tail -n 30 "$TEST_SERVICES_DIR/postgresql.log" >&2 || true; die "PostgreSQL did not start"; }
}

pg_stop() {
  if [ -f "$PG_DATA/postmaster.pid" ]; then
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 stop >/dev/null || true
  fi
}

redis_running() {
  local pidfile="$TEST_SERVICES_DIR/redis/redis.pid"
  [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

redis_start() {
  redis_running && return 0
  local tls_args=()
  if [ -n "${REDIS_TLS_PORT:-}" ]; then
    tls_args=(--tls-port "$REDIS_TLS_PORT" --tls-cert-file "$TEST_SERVICES_DIR/tls/server.pem"
      --tls-key-file "$TEST_SERVICES_DIR/tls/server.key" --tls-ca-cert-file "$TEST_REDIS_CA_DIR/ca.pem"
      --tls-auth-clients no)
  fi
  redis-server --bind 127.0.0.1 --port "$TEST_REDIS_PORT" --requirepass "$TEST_REDIS_PASSWORD" \
    --save '' --appendonly no --dir "$TEST_SERVICES_DIR/redis" --daemonize yes \
    --pidfile "$TEST_SERVICES_DIR/redis/redis.pid" --logfile "$TEST_SERVICES_DIR/redis.log" \
    "${tls_args[@]}" >/dev/null
  local i
  for i in $(seq 1 100); do
    if redis-cli -h 127.0.0.1 -p "$TEST_REDIS_PORT" --no-auth-warning -a "$TEST_REDIS_PASSWORD" ping 2>/dev/null \
      | grep -q PONG; then return 0; fi
    sleep 0.1
  done
  tail -n 30 "$TEST_SERVICES_DIR/redis.log" >&2 || true
  die "Redis did not start"
}

redis_stop() {
  local pidfile="$TEST_SERVICES_DIR/redis/redis.pid" pid i
  [ -f "$pidfile" ] || return 0
  pid="$(cat "$pidfile")"
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$pidfile"
}

# Makes a throwaway CA and a server certificate for 127.0.0.1 so Redis can also serve TLS.
make_tls() {
  command -v openssl >/dev/null || return 1
  local d="$TEST_SERVICES_DIR/tls"
  mkdir -p "$d/ca"
  (
    cd "$d"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
      -subj "/CN=msp-test-services CA" -keyout ca/ca.key -out ca/ca.pem
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
      -subj "/CN=127.0.0.1" -keyout server.key -out server.csr
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >ext.cnf
    openssl x509 -req -in server.csr -CA ca/ca.pem -CAkey ca/ca.key -CAcreateserial -days 2 \
      -extfile ext.cnf -out server.pem
    rm -f ca/ca.key ca/ca.srl server.csr ext.cnf
  ) >/dev/null 2>&1 || return 1
  chmod 644 "$d/server.key"
  return 0
}

start_all() {
  install_packages
  PG_BIN="$(pg_bindir)"
  PG_OS_USER="$(id -un)"
  if is_root; then
    PG_OS_USER=postgres
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /nonexistent --shell /usr/sbin/nologin postgres
  fi
  TEST_SERVICES_DIR="$(mktemp -d "${TMPDIR:-/tmp}/msp-test-services.XXXXXX")"
  chmod 755 "$TEST_SERVICES_DIR"
  mkdir -p "$TEST_SERVICES_DIR/pg" "$TEST_SERVICES_DIR/redis"
  touch "$TEST_SERVICES_DIR/postgresql.log"
  if is_root; then chown -R "$PG_OS_USER" "$TEST_SERVICES_DIR/pg" "$TEST_SERVICES_DIR/postgresql.log"; fi
  PG_DATA="$TEST_SERVICES_DIR/pg/data"
  TEST_PG_PORT="$(free_port)"
  TEST_REDIS_PORT="$(free_port)"
  TEST_REDIS_PASSWORD="$(node -e 'process.stdout.write(require("crypto").randomBytes(12).toString("hex"))')"
  REDIS_TLS_PORT=""
  TEST_REDIS_CA_DIR=""
  if make_tls; then
    REDIS_TLS_PORT="$(free_port)"
    TEST_REDIS_CA_DIR="$TEST_SERVICES_DIR/tls/ca"
  else
    log "openssl or Redis TLS support missing: no TLS Redis port"
  fi

  as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U msp --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null \
    || die "initdb failed"
  as_pg sh -c "cat >>'$PG_DATA/postgresql.conf'" <<EOF
listen_addresses = '127.0.0.1'
port = $TEST_PG_PORT
unix_socket_directories = '$TEST_SERVICES_DIR/pg'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
  cat >"$TEST_SERVICES_DIR/state" <<EOF
PG_BIN='$PG_BIN'
PG_OS_USER='$PG_OS_USER'
PG_DATA='$PG_DATA'
REDIS_TLS_PORT='$REDIS_TLS_PORT'
TEST_SERVICES_DIR='$TEST_SERVICES_DIR'
TEST_SERVICES_SCRIPT='$SCRIPT_PATH'
TEST_PG_HOST='127.0.0.1'
TEST_PG_PORT='$TEST_PG_PORT'
TEST_PG_USER='msp'
TEST_PG_DATABASE='primary'
TEST_PG_DSN='postgres://msp@127.0.0.1:$TEST_PG_PORT/primary'
TEST_REDIS_PORT='$TEST_REDIS_PORT'
TEST_REDIS_PASSWORD='$TEST_REDIS_PASSWORD'
TEST_REDIS_URL='redis://:$TEST_REDIS_PASSWORD@127.0.0.1:$TEST_REDIS_PORT'
TEST_REDIS_TLS_URL='${REDIS_TLS_PORT:+rediss://:$TEST_REDIS_PASSWORD@127.0.0.1:$REDIS_TLS_PORT}'
TEST_REDIS_CA_DIR='$TEST_REDIS_CA_DIR'
EOF
  pg_start
  "$PG_BIN/psql" -X -q -h 127.0.0.1 -p "$TEST_PG_PORT" -U msp -d postgres -v ON_ERROR_STOP=1 \
    -c 'CREATE DATABASE "primary"' >/dev/null || die "could not create database primary"
  redis_start
  log "PostgreSQL on 127.0.0.1:$TEST_PG_PORT, Redis on 127.0.0.1:$TEST_REDIS_PORT${REDIS_TLS_PORT:+ (TLS on $REDIS_TLS_PORT)}, files in $TEST_SERVICES_DIR"
}

stop_all() {
  # Cleanup must finish even if our stdout is gone or another signal arrives.
  trap '' PIPE INT TERM HUP
  [ -n "${TEST_SERVICES_DIR:-}" ] || return 0
  [ -n "${PG_DATA:-}" ] && pg_stop
  redis_stop
  case "$TEST_SERVICES_DIR" in
    */msp-test-services.*) rm -rf "$TEST_SERVICES_DIR" ;;
  esac
}

print_exports() {
  local v
  for v in TEST_SERVICES_DIR TEST_SERVICES_SCRIPT TEST_PG_HOST TEST_PG_PORT TEST_PG_USER TEST_PG_DATABASE \
    TEST_PG_DSN TEST_REDIS_PASSWORD TEST_REDIS_URL TEST_REDIS_TLS_URL TEST_REDIS_CA_DIR; do
    printf 'export %s=%q\n' "$v" "${!v}"
  done
}

cmd="${1:-}"
[ $# -gt 0 ] && shift
case "$cmd" in
  install) install_packages verbose ;;
  start)
    start_all
    # shellcheck disable=SC1091
    . "$TEST_SERVICES_DIR/state"
    print_exports
    ;;
  stop) load_state; stop_all ;;
  pg-stop) load_state; pg_stop ;;
  pg-start) load_state; pg_start ;;
  redis-stop) load_state; redis_stop ;;
  redis-start) load_state; redis_start ;;
  run)
    [ "${1:-}" = "--" ] && shift
    [ $# -gt 0 ] || die "run needs a command"
    trap 'stop_all' EXIT
    start_all
    # shellcheck disable=SC1091
    . "$TEST_SERVICES_DIR/state"
    eval "$(print_exports)"
    # Run CMD in the background and wait for it, so a signal to this script is handled at once
    # (bash defers traps while a foreground command runs): pass it on, then clean up.
    "$@" &
    child=$!
    trap 'kill -INT "$child" 2>/dev/null; wait "$child"; exit 130' INT
    trap 'kill -TERM "$child" 2>/dev/null; wait "$child"; exit 143' TERM
    trap 'kill -TERM "$child" 2>/dev/null; wait "$child"; exit 129' HUP
    status=0
    wait "$child" || status=$?
    exit "$status"
    ;;
  *)
    sed -n '2,/^set -euo/p' "$SCRIPT_PATH" | sed '$d' | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
