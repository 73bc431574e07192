#!/usr/bin/env bash
# Starts or stops a throw-away PostgreSQL cluster on 127.0.0.1 for the tests.
#   eval "$(scripts/postgres.sh start)"   exports COMMUNITYFUND_PG_ADMIN and CF_PG_DATA
#   scripts/postgres.sh stop "$CF_PG_DATA"
#   scripts/postgres.sh crash "$CF_PG_DATA"    immediate shutdown (no checkpoint, like a power cut)
#   scripts/postgres.sh resume "$CF_PG_DATA"   starts it again on the same port (crash recovery replays the WAL)
# Needs the PostgreSQL server binaries (Debian: apt-get install -y postgresql). Runs the server as the 'postgres'
# user when started as root, since PostgreSQL refuses to run as root.
set -euo pipefail

bin_dir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$dir" ] && command -v pg_ctl >/dev/null 2>&1; then dir=$(dirname "$(readlink -f "$(command -v pg_ctl)")"); fi
  [ -n "$dir" ] && [ -x "$dir/initdb" ] || { echo "PostgreSQL server binaries not found" >&2; return 1; }
  echo "$dir"
}

as_server_user() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    bin=$(bin_dir)
    data=$(mktemp -d /tmp/cf-pg.XXXXXX)
    [ "$(id -u)" = "0" ] && chown postgres "$data"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
    as_server_user "$bin/initdb" -D "$data/db" -U cf_owner --auth=trust -E UTF8 --locale=C.UTF-8 >"$data/initdb.log" 2>&1 \
      || as_server_user "$bin/initdb" -D "$data/db" -U cf_owner --auth=trust -E UTF8 --locale=C >"$data/initdb.log" 2>&1
    echo "$port" > "$data/port"
    as_server_user "$bin/pg_ctl" -D "$data/db" -l "$data/server.log" -w -t 60 \
      -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
    echo "export CF_PG_DATA='$data'"
    echo "export COMMUNITYFUND_PG_ADMIN='Host=127.0.0.1;Port=$port;Username=cf_owner;Database=postgres;Pooling=false'"
    ;;
  crash)
    data=${2:?data directory}
    bin=$(bin_dir)
    as_server_user "$bin/pg_ctl" -D "$data/db" -m immediate -w stop >/dev/null
    ;;
  resume)
    data=${2:?data directory}
    bin=$(bin_dir)
    port=$(cat "$data/port")
    as_server_user "$bin/pg_ctl" -D "$data/db" -l "$data/server.log" -w -t 60 \
      -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
    ;;
  stop)
    data=${2:?data directory}
    bin=$(bin_dir)
    as_server_user "$bin/pg_ctl" -D "$data/db" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$data"
    ;;
  *)
    echo "usage: $0 start | stop DATA_DIR | crash DATA_DIR | resume DATA_DIR" >&2
    exit 2
    ;;
esac
