#!/bin/sh
# pg-start.sh starts a throw-away PostgreSQL cluster for the lgsp/exchange tests and prints its DSN on stdout.
# Usage: eval "$(lgsp/exchange/testdata/pg-start.sh)"   # exports EGOV_TEST_POSTGRES_DSN and EGOV_TEST_PGDATA
# Stop:  runuser -u postgres -- "$(ls -d /usr/lib/postgresql/*/bin | tail -1)/pg_ctl" -D "$EGOV_TEST_PGDATA" stop
# PostgreSQL refuses to run as root, so under root the cluster belongs to the "postgres" user (Debian's
# postgresql package creates it); otherwise it belongs to the caller.
set -eu
bin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
[ -x "$bin/initdb" ] || { echo "pg-start.sh: no PostgreSQL binaries under /usr/lib/postgresql/*/bin (apt-get install postgresql)" >&2; exit 1; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/egov-pg.XXXXXX")
as=""
if [ "$(id -u)" = 0 ]; then
	chown postgres "$dir"
	as="runuser -u postgres --"
fi
# A free port: ask the kernel for one.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo $((20000 + $$ % 20000)))
$as "$bin/initdb" -D "$dir/data" -U egov --auth=trust -E UTF8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
$as "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >&2
$as "$bin/createdb" -h 127.0.0.1 -p "$port" -U egov egov_test >&2
echo "export EGOV_TEST_PGDATA='$dir/data'"
echo "export EGOV_TEST_POSTGRES_DSN='postgres://egov@127.0.0.1:$port/egov_test?sslmode=disable'"
