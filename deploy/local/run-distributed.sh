#!/usr/bin/env bash
# Runs MeasureMe distributed on one machine: each role its own JVM, against the local RabbitMQ, PostgreSQL
# and Redis. The scale-out test drives this same script.
#
#   run-distributed.sh setup                  create the database (DB) if it does not exist
#   run-distributed.sh start ROLE NAME PORT   start one role as process NAME on PORT; returns once it is ready
#   run-distributed.sh kill NAME              kill -9 the process NAME
#   run-distributed.sh stop NAME              SIGTERM, then wait for the graceful shutdown
#   run-distributed.sh command ARGS...        run an operator command (users add, queues, ...) on the same backends
#   run-distributed.sh up                     2 ingest (8081, 8082), 2 router, 3 worker, 2 api (8080, 8083)
#   run-distributed.sh down                   stop every process this script started
#
# Settings (environment): MEASUREME_JAR, RUN_DIR (pid and log files), DB, PGHOST, PGPORT, PGUSER, REDIS_DB,
# RABBIT_PREFIX, PARTITIONS, JAVA_OPTS, SIMULATOR_INGEST_URL (where an api process's simulation panel sends;
# ingest-1 by default), and EXTRA_ARGS (appended to every process's arguments).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
JAR="${MEASUREME_JAR:-$here/../../measureme-server/target/measureme.jar}"
RUN_DIR="${RUN_DIR:-$here/../../target/distributed}"
DB="${DB:-measureme}"
PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
PGUSER="${PGUSER:-postgres}"
REDIS_DB="${REDIS_DB:-0}"
RABBIT_PREFIX="${RABBIT_PREFIX:-measureme}"
PARTITIONS="${PARTITIONS:-8}"
SIMULATOR_INGEST_URL="${SIMULATOR_INGEST_URL:-http://127.0.0.1:8081}"
JAVA_OPTS="${JAVA_OPTS:--Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
mkdir -p "$RUN_DIR"

common_args() {
  echo --spring.profiles.active=distributed \
    --spring.datasource.url="jdbc:postgresql://$PGHOST:$PGPORT/$DB" \
    --spring.datasource.username="$PGUSER" \
    --spring.data.redis.database="$REDIS_DB" \
    --measureme.rabbit.prefix="$RABBIT_PREFIX" \
    --measureme.partitions="$PARTITIONS" \
    --measureme.simulator.ingest-url="$SIMULATOR_INGEST_URL" \
    ${EXTRA_ARGS:-}
}

setup() {
  if ! psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
    psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -c "CREATE DATABASE $DB" >/dev/null
  fi
  echo "database $DB ready"
}

start() {
  local role="$1" name="$2" port="$3"
  # shellcheck disable=SC2046
  nohup "$JAVA" $JAVA_OPTS -jar "$JAR" --measureme.target="$role" --server.port="$port" \
    --server.address=127.0.0.1 $(common_args) >"$RUN_DIR/$name.log" 2>&1 &
  echo $! >"$RUN_DIR/$name.pid"
  local deadline=$((SECONDS + 180))
  until curl -fsS "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null 2>&1; do
    if ! kill -0 "$(cat "$RUN_DIR/$name.pid")" 2>/dev/null; then
      echo "$name exited; last lines of $RUN_DIR/$name.log:" >&2
      tail -20 "$RUN_DIR/$name.log" >&2
      return 1
    fi
    if ((SECONDS > deadline)); then
      echo "$name not ready on port $port after 180 s" >&2
      return 1
    fi
    sleep 0.5
  done
  echo "$name ($role) ready on 127.0.0.1:$port pid $(cat "$RUN_DIR/$name.pid")"
}

signal() {
  local how="$1" name="$2" pid
  pid="$(cat "$RUN_DIR/$name.pid" 2>/dev/null || true)"
  [ -n "$pid" ] || return 0
  kill "-$how" "$pid" 2>/dev/null || true
  if [ "$how" = TERM ]; then
    local deadline=$((SECONDS + 40))
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
  fi
  rm -f "$RUN_DIR/$name.pid"
}

up() {
  setup
  start worker worker-1 9101 & start worker worker-2 9102 & start worker worker-3 9103 &
  start router router-1 9201 & start router router-2 9202 &
  wait
  start ingest ingest-1 8081 & start ingest ingest-2 8082 &
  start api api-1 8080 & start api api-2 8083 &
  wait
}

down() {
  for pidfile in "$RUN_DIR"/*.pid; do
    [ -e "$pidfile" ] || continue
    signal TERM "$(basename "$pidfile" .pid)" &
  done
  wait
}

case "${1:-}" in
  setup) setup ;;
  start) shift; start "$@" ;;
  kill) signal KILL "$2" ;;
  stop) signal TERM "$2" ;;
  command) shift; "$JAVA" $JAVA_OPTS -jar "$JAR" "$@" $(common_args) ;;
  up) up ;;
  down) down ;;
  *) sed -n '2,17p' "$0"; exit 2 ;;
esac
