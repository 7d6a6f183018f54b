#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on 127.0.0.1 for the tests (and the store benchmark).
#
#   tests/support/pg-cluster.sh start DIR   initdb into DIR, start on a free port, create db `paperboy`;
#                                           prints the URL (postgres://postgres@127.0.0.1:PORT/paperboy)
#   tests/support/pg-cluster.sh stop DIR    stops the cluster and removes DIR
#
# Run as root (CI), the cluster belongs to the `postgres` user, since PostgreSQL refuses to run as
# root; run as anyone else, it belongs to you. Binaries: PG_BIN, else Debian's newest under
# /usr/lib/postgresql, else the PATH. Trust authentication on 127.0.0.1 only: nothing else can reach it.
set -euo pipefail

cmd=${1:?usage: pg-cluster.sh start|stop DIR}
dir=${2:?usage: pg-cluster.sh start|stop DIR}

if [[ -z "${PG_BIN:-}" ]]; then
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -z "$PG_BIN" ]]; then PG_BIN=$(dirname "$(command -v initdb || echo /nonexistent/initdb)"); fi
fi
if [[ ! -x "$PG_BIN/initdb" ]]; then
  echo "pg-cluster: no PostgreSQL binaries found (apt-get install -y postgresql, or set PG_BIN)" >&2
  exit 3
fi

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
  start)
    mkdir -p "$dir"
    if [[ $(id -u) -eq 0 ]]; then chown postgres: "$dir"; fi
    # A free port: ask the kernel for one, then hand it to postgres (a race only with another test run).
    port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
    as_owner "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    # fsync off: a test cluster that loses data on power loss is fine, and it is much faster on a busy disk.
    as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=off -c max_connections=200" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    as_owner "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres paperboy
    echo "postgres://postgres@127.0.0.1:$port/paperboy"
    ;;
  stop)
    if [[ -d "$dir/data" ]]; then as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true; fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: pg-cluster.sh start|stop DIR" >&2
    exit 2
    ;;
esac
