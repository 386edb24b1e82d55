# Private PostgreSQL and Redis servers on loopback for tests and benchmarks; sourced, not run.
# Needs WORK (a scratch folder, removed by stop_servers) and PG_PORT / REDIS_PORT. Installs Debian's postgresql and
# redis-server when missing. Exposes PG_BIN, PG_CONNECTION and REDIS_CONNECTION once started.
# PostgreSQL runs without fsync (fast, for tests) unless PG_DURABLE=1 (benchmarks whose figures should mean something
# for production); PG_MAX_CONNECTIONS defaults to 300; PG_SETTINGS adds server settings (-c name=value ...).

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Extra tools as command=package pairs, each installed only when its command is missing: install_servers wrk=wrk
install_servers() {
  local missing=() pair
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  for pair in "$@"; do command -v "${pair%%=*}" >/dev/null 2>&1 || missing+=("${pair#*=}"); done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "== installing ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

start_postgres() {
  PG_BIN=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n1)")
  PG_DATA="$WORK/pg/data"
  mkdir -p "$PG_DATA"
  chmod 755 "$WORK"
  PG_RUN=()
  # initdb refuses to run as root: the server runs as the postgres user, in a folder it owns (data, log, socket).
  if [ "$(id -u)" = 0 ]; then chown -R postgres:postgres "$WORK/pg"; PG_RUN=(runuser -u postgres --); fi
  "${PG_RUN[@]}" "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  local settings="-c max_connections=${PG_MAX_CONNECTIONS:-300}"
  [ "${PG_DURABLE:-}" = 1 ] || settings="$settings -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  settings="$settings ${PG_SETTINGS:-}" # more server settings, e.g. "-c shared_preload_libraries=pg_stat_statements"
  "${PG_RUN[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$WORK/pg/server.log" -w -o "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1 $settings" start >/dev/null
  PG_STOP=("${PG_RUN[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast stop)
  PG_CONNECTION="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=50"
  echo "== PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT"
}

start_redis() {
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --save '' --appendonly no \
    --pidfile "$WORK/redis.pid" --logfile "$WORK/redis.log" --dir "$WORK"
  for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  REDIS_CONNECTION="127.0.0.1:$REDIS_PORT"
  echo "== Redis on 127.0.0.1:$REDIS_PORT"
}

stop_servers() {
  [ -n "${PG_STOP:-}" ] && "${PG_STOP[@]}" >/dev/null 2>&1 || true
  [ -f "$WORK/redis.pid" ] && kill "$(cat "$WORK/redis.pid")" 2>/dev/null || true
  rm -rf "$WORK"
}
