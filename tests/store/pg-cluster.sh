#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Runs a command against a throwaway PostgreSQL cluster: initdb into a temporary folder, the server
# on a Unix socket in that folder and a free port (no TCP), XY_TEST_PG set to its connection string;
# the cluster is stopped and removed at exit, also when the command fails or is interrupted.
# Under root the server runs as the postgres user (initdb refuses root).
# Usage: tests/store/pg-cluster.sh PG_BINDIR COMMAND [ARGS...]
#   e.g. tests/store/pg-cluster.sh /usr/lib/postgresql/15/bin build-test/tests/store/test_store_contract pg
set -eu
bindir=$1
shift
[ -x "$bindir/initdb" ] || { echo "pg-cluster: no initdb in $bindir (install postgresql-15)" >&2; exit 1; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/xy-pg.XXXXXX")
as=""
if [ "$(id -u)" = 0 ]; then
    chown postgres "$dir"
    as="runuser -u postgres --"
fi
cleanup() {
    $as "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
# A port no one listens on (the socket's name carries it; TCP stays off).
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
$as "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
# fsync off: a throwaway cluster, nothing to keep through a power loss.
$as "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses= -c unix_socket_directories=$dir -p $port -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=40" \
    start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
XY_TEST_PG="postgresql:///postgres?host=$(printf %s "$dir" | sed 's|/|%2F|g')&port=$port&user=postgres"
export XY_TEST_PG
set +e
"$@"
rc=$?
set -e
exit $rc
