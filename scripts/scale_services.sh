#!/usr/bin/env bash
# PostgreSQL and Redis on loopback for the shared stores (make test-scale, or trying the scale-out
# set-up by hand), and nginx installed for the test to start in front of the Rasa servers.
#   scripts/scale_services.sh install   Debian's packages, only those missing (quiet, idempotent)
#   scripts/scale_services.sh start     install, then start PostgreSQL and Redis unless already up
#   scripts/scale_services.sh stop      stop what `start` started
#   scripts/scale_services.sh env       print the store URLs for the Rasa servers (eval-able)
# The data live in a throwaway folder ($SCALE_DIR); a production site runs managed services instead.
set -euo pipefail
SCALE_PG_PORT=${SCALE_PG_PORT:-6543}
SCALE_REDIS_PORT=${SCALE_REDIS_PORT:-6579}
SCALE_DIR=${SCALE_DIR:-${TMPDIR:-/tmp}/clinic-scale-$SCALE_PG_PORT}
PG_DATA=$SCALE_DIR/postgres
DB_NAME=clinic
DB_USER=clinic
DB_PASSWORD=clinic-test-only

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$dir" ] || { echo "PostgreSQL is not installed" >&2; exit 1; }
  echo "$dir"
}

install() {
  local missing=()
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing ${missing[*]} from Debian's packages"
  as_root apt-get update -qq
  # policy-rc.d in containers (and no systemd) means nothing starts on the default ports.
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends \
    -o DPkg::Lock::Timeout=300 "${missing[@]}" >/dev/null
}

# Run a PostgreSQL program as the postgres user when we are root: PostgreSQL refuses to run as root.
as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_postgres() {
  local bin; bin=$(pg_bin)
  if "$bin/pg_isready" -q -h 127.0.0.1 -p "$SCALE_PG_PORT"; then return 0; fi
  mkdir -p "$SCALE_DIR"
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    mkdir -p "$PG_DATA"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$PG_DATA"
    chmod 700 "$PG_DATA"
    as_postgres "$bin/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 >/dev/null
  fi
  # Loopback only; the socket in the data folder so no system folder is needed.
  as_postgres "$bin/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w -t 60 start \
    -o "-p $SCALE_PG_PORT -k $PG_DATA -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off" >/dev/null
  local psql=("$bin/psql" -q -h 127.0.0.1 -p "$SCALE_PG_PORT" -U postgres -v ON_ERROR_STOP=1)
  if [ -z "$("${psql[@]}" -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER'")" ]; then
    "${psql[@]}" -c "CREATE ROLE $DB_USER LOGIN PASSWORD '$DB_PASSWORD'"
  fi
  if [ -z "$("${psql[@]}" -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" ]; then
    "${psql[@]}" -c "CREATE DATABASE $DB_NAME OWNER $DB_USER"
  fi
}

start_redis() {
  if redis-cli -h 127.0.0.1 -p "$SCALE_REDIS_PORT" ping >/dev/null 2>&1; then return 0; fi
  mkdir -p "$SCALE_DIR/redis"
  redis-server --bind 127.0.0.1 --port "$SCALE_REDIS_PORT" --daemonize yes --save "" --appendonly no \
    --dir "$SCALE_DIR/redis" --pidfile "$SCALE_DIR/redis/redis.pid" --logfile "$SCALE_DIR/redis/redis.log"
  for _ in $(seq 50); do
    redis-cli -h 127.0.0.1 -p "$SCALE_REDIS_PORT" ping >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "Redis did not start; see $SCALE_DIR/redis/redis.log" >&2; exit 1
}

stop() {
  if [ -f "$PG_DATA/postmaster.pid" ]; then as_postgres "$(pg_bin)/pg_ctl" -D "$PG_DATA" -m fast stop >/dev/null; fi
  if [ -f "$SCALE_DIR/redis/redis.pid" ]; then redis-cli -h 127.0.0.1 -p "$SCALE_REDIS_PORT" shutdown nosave >/dev/null || true; fi
}

print_env() {
  echo "export TRACKER_STORE_URL=postgresql://$DB_USER:$DB_PASSWORD@127.0.0.1:$SCALE_PG_PORT/$DB_NAME"
  echo "export LOCK_STORE_URL=redis://127.0.0.1:$SCALE_REDIS_PORT/1"
  echo "export OUTBOX_DB_URL=postgresql://$DB_USER:$DB_PASSWORD@127.0.0.1:$SCALE_PG_PORT/$DB_NAME"
}

case "${1:-}" in
  install) install ;;
  start) install; start_postgres; start_redis ;;
  stop) stop ;;
  env) print_env ;;
  *) echo "usage: $0 install|start|stop|env" >&2; exit 2 ;;
esac
