#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The access log is opened again by its name on SIGHUP, as logrotate needs: after the file is renamed
# and the signal sent, new lines go to a new file of the same name, the renamed one keeps the lines
# written before, no line is lost or cut, and the server goes on serving and stops cleanly.
. "$(dirname "$0")/lib.sh.inc"
. "$(dirname "$0")/server.sh.inc"

run_xy 0 init
start_server srv --access-log "$WORK/access.log"
for i in 1 2 3; do curl -fsS -o /dev/null "$URL/healthz" || fail "request $i"; done
# Lines are written when a request ends: wait for the three.
for i in $(seq 1 100); do [ "$(grep -c '"route":"/healthz"' "$WORK/access.log")" -ge 4 ] && break; sleep 0.05; done

mv "$WORK/access.log" "$WORK/access.log.1"
# Written after the rename but before the signal: still to the renamed file (the server holds it open).
curl -fsS -o /dev/null "$URL/api/v1/stats" || fail "request after the rename"
kill -HUP "$SPID"
for i in $(seq 1 100); do grep -q 'access log .* reopened' "$WORK/srv.err" && break; sleep 0.05; done
grep -q "SIGHUP: access log $WORK/access.log reopened" "$WORK/srv.err" || fail "the server did not say it reopened the log: $(cat "$WORK/srv.err")"
[ -f "$WORK/access.log" ] || fail "no new access.log after SIGHUP"
expect_eq "new file's mode" 640 "$(stat -c %a "$WORK/access.log")"
for i in 1 2 3 4 5; do curl -fsS -o /dev/null "$URL/api/v1/catalog" || fail "request $i after SIGHUP"; done
for i in $(seq 1 100); do [ "$(grep -c '"route":"/api/v1/catalog"' "$WORK/access.log")" -ge 5 ] && break; sleep 0.05; done
kill -0 "$SPID" || fail "the server died on SIGHUP"
stop_server "$SPID" srv

expect_eq "new requests in the new file" 5 "$(grep -c '"route":"/api/v1/catalog"' "$WORK/access.log")"
expect_eq "nothing else in the new file" 5 "$(wc -l <"$WORK/access.log" | tr -d ' ')"
expect_eq "old requests stay in the renamed file" 0 "$(grep -c '"route":"/api/v1/catalog"' "$WORK/access.log.1" || true)"
expect_eq "the request before the signal in the renamed file" 1 "$(grep -c '"route":"/api/v1/stats"' "$WORK/access.log.1")"
[ "$(grep -c '"route":"/healthz"' "$WORK/access.log.1")" -ge 4 ] || fail "the first requests are not in the renamed file"
# Every line whole JSON.
cat "$WORK/access.log.1" "$WORK/access.log" | python3 -c '
import json, sys
for line in sys.stdin:
    json.loads(line)
' || fail "a cut line in the access logs"

# Lines kept in the workers' buffers reach the file within a second without any signal, and a
# SIGKILL after that loses none of them and leaves no cut line (a SIGKILL loses at most the last
# second's lines: docs/deploy/README.md).
: >"$WORK/kill.log"
start_server killed --access-log "$WORK/kill.log" --threads 2
for i in $(seq 1 40); do curl -fsS -o /dev/null "$URL/api/v1/catalog" || fail "request $i"; done
for i in $(seq 1 100); do [ "$(grep -c '"route":"/api/v1/catalog"' "$WORK/kill.log")" -ge 40 ] && break; sleep 0.05; done
expect_eq "lines written within a second, no signal" 40 "$(grep -c '"route":"/api/v1/catalog"' "$WORK/kill.log")"
kill -KILL "$SPID"
wait "$SPID" 2>/dev/null || true
expect_eq "every line kept after SIGKILL" 40 "$(grep -c '"route":"/api/v1/catalog"' "$WORK/kill.log")"
python3 -c '
import json, sys
for line in open(sys.argv[1]):
    json.loads(line)
' "$WORK/kill.log" || fail "a cut line after SIGKILL"

# Unbuffered (--access-log-buffer-kib 0): each line is in the file once its request has ended.
: >"$WORK/direct.log"
start_server direct --access-log "$WORK/direct.log" --access-log-buffer-kib 0
curl -fsS -o /dev/null "$URL/healthz" || fail "unbuffered request"
for i in $(seq 1 100); do grep -q '"route":"/healthz"' "$WORK/direct.log" && break; sleep 0.05; done
grep -q '"route":"/healthz"' "$WORK/direct.log" || fail "unbuffered: no line"
stop_server "$SPID" direct
run_xy 2 serve --access-log-buffer-kib 99999 --port 0
expect_contains "buffer size bounded" "--access-log-buffer-kib" "$ERR"

# --access-log off: no line anywhere (stdout holds only the port), no file made, SIGHUP harmless.
start_server quiet --access-log off
curl -fsS -o /dev/null "$URL/healthz" || fail "request with the log off"
kill -HUP "$SPID"
sleep 0.2
curl -fsS -o /dev/null "$URL/healthz" || fail "the server with the log off stopped answering after SIGHUP"
stop_server "$SPID" quiet
expect_eq "log off: stdout holds only the port" 1 "$(wc -l <"$WORK/quiet.out" | tr -d ' ')"
[ ! -e off ] && [ ! -e "$WORK/off" ] || fail "--access-log off made a file named off"

# With the log on stdout (the default) SIGHUP changes nothing and stops nothing.
start_server out
kill -HUP "$SPID"
sleep 0.2
curl -fsS -o /dev/null "$URL/healthz" || fail "the server on stdout stopped answering after SIGHUP"
stop_server "$SPID" out
echo "ok: access log reopened on SIGHUP"
