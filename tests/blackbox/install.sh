#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# `make install`'s layout (cmake --install of this build into a staging root, as DESTDIR does): the
# program, the portal, the samples, the hardened systemd unit naming the installed paths (checked by
# systemd-analyze verify when it is there), the sysusers entry, logrotate and the nginx site. Then the
# installed program serves the installed portal, also through the shipped nginx site with TLS (a
# self-signed certificate): HTTP redirected, HTTPS proxied, the search limit per client applied by nginx.
. "$(dirname "$0")/lib.sh.inc"
. "$(dirname "$0")/server.sh.inc"
: "${XY_SRC:?XY_SRC must name the source tree}"

BUILD_DIR=$(dirname "$XY")
ROOT=$WORK/root
PREFIX=$(sed -n 's/^CMAKE_INSTALL_PREFIX:PATH=//p' "$BUILD_DIR/CMakeCache.txt")
[ -n "$PREFIX" ] || fail "no CMAKE_INSTALL_PREFIX in $BUILD_DIR/CMakeCache.txt"
DESTDIR=$ROOT cmake --install "$BUILD_DIR" >"$WORK/install.log" 2>&1 || fail "cmake --install: $(tail -n 5 "$WORK/install.log")"
P=$ROOT$PREFIX

for f in bin/xinyong share/xinyong/web/index.html share/xinyong/web/js/me.js share/xinyong/web/css/site.css \
    share/xinyong/catalog/jrp-demo.json share/xinyong/catalog/eval-model.json share/xinyong/examples/penalties.csv \
    share/xinyong/examples/holidays-2027.csv share/xinyong/deploy/nginx-xinyong.conf \
    share/xinyong/deploy/xinyong.logrotate lib/systemd/system/xinyong.service lib/sysusers.d/xinyong.conf \
    share/doc/xinyong/deploy/README.md share/man/man1/xinyong.1 share/man/zh_CN/man1/xinyong.1 \
    share/locale/zh_CN/LC_MESSAGES/xinyong.mo; do
    [ -f "$P/$f" ] || fail "make install left out $PREFIX/$f"
done
[ -x "$P/bin/xinyong" ] || fail "the installed program is not executable"
[ ! -e "$P/share/xinyong/web/package.json" ] || fail "the portal's package.json was installed"
expect_contains "installed program runs" "xinyong" "$("$P/bin/xinyong" --version)"
# The installed program speaks Chinese from the installed catalogue: it looks in the install path
# compiled in (here staged under DESTDIR, so named by XINYONG_LOCALEDIR), not in the build tree.
grep -qaF "$PREFIX/share/locale" "$P/bin/xinyong" || fail "the install path of the catalogue is not compiled in"
zh=$(LC_MESSAGES= LANG=zh_CN.UTF-8 XINYONG_LOCALEDIR="$P/share/locale" "$P/bin/xinyong" --help)
expect_contains "installed catalogue" "命令：" "$zh"

# The unit: its own user, the system read-only, state under /var/lib/xinyong, the installed paths.
UNIT=$P/lib/systemd/system/xinyong.service
for want in "User=xinyong" "Group=xinyong" "ProtectSystem=strict" "StateDirectory=xinyong xinyong/backups" \
    "Environment=XINYONG_DB=/var/lib/xinyong/xinyong.db" "NoNewPrivileges=yes" "CapabilityBoundingSet=" \
    "ExecStart=$PREFIX/bin/xinyong serve " "--web $PREFIX/share/xinyong/web" "--backup-dir /var/lib/xinyong/backups" \
    "--access-log /var/log/xinyong/access.log" "ExecReload=/bin/kill -HUP \$MAINPID"; do
    grep -qF -- "$want" "$UNIT" || fail "the unit lacks [$want]"
done
! grep -q '@[A-Z_]*@' "$UNIT" || fail "the unit has unreplaced placeholders: $(grep '@[A-Z_]*@' "$UNIT")"
expect_contains "sysusers" 'u xinyong - ' "$(cat "$P/lib/sysusers.d/xinyong.conf")"
if command -v systemd-analyze >/dev/null; then
    # verify wants the binary where the unit says: point it at the staged one.
    sed "s|$PREFIX/bin/xinyong|$P/bin/xinyong|" "$UNIT" >"$WORK/xinyong.service"
    systemd-analyze verify "$WORK/xinyong.service" >"$WORK/verify.log" 2>&1 || fail "systemd-analyze verify: $(cat "$WORK/verify.log")"
    [ ! -s "$WORK/verify.log" ] || fail "systemd-analyze verify warns: $(cat "$WORK/verify.log")"
else
    echo "note: systemd-analyze not installed: the unit's syntax was not verified"
fi

# The installed program serves the installed portal.
run_xy 0 init
XY=$P/bin/xinyong
start_server installed --web "$P/share/xinyong/web" --search-rate 0
expect_eq "portal from the installed files" 200 "$(curl -s -o "$WORK/index.html" -w '%{http_code}' "$URL/")"
cmp -s "$WORK/index.html" "$XY_SRC/web/index.html" || fail "/ is not the installed web/index.html"

command -v nginx >/dev/null || fail "nginx is not installed: run scripts/install-deps (the TLS front is part of this test)"
command -v openssl >/dev/null || fail "openssl is not installed: run scripts/install-deps"

# ---- the shipped nginx site in front, on free loopback ports, as this user ----
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
HTTP_PORT=$(free_port)
HTTPS_PORT=$(free_port)
UP_PORT=${URL##*:}
N=$WORK/nginx
mkdir -p "$N/logs" "$N/tmp"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=credit.example.gov.cn \
    -keyout "$N/privkey.pem" -out "$N/fullchain.pem" >"$N/openssl.log" 2>&1 || fail "openssl: $(cat "$N/openssl.log")"
# Only what a test must change: ports, the certificate's place, the upstream's port, IPv6 off.
sed -e "s|listen 80;|listen 127.0.0.1:$HTTP_PORT;|" -e "s|listen 443 ssl http2;|listen 127.0.0.1:$HTTPS_PORT ssl http2;|" \
    -e '/listen \[::\]/d' -e "s|/etc/ssl/xinyong/|$N/|" -e "s|127.0.0.1:8080|127.0.0.1:$UP_PORT|" \
    -e "s|return 301 https://\$host\$request_uri;|return 301 https://\$host:$HTTPS_PORT\$request_uri;|" \
    "$P/share/xinyong/deploy/nginx-xinyong.conf" >"$N/site.conf"
grep -q "listen 127.0.0.1:$HTTPS_PORT ssl" "$N/site.conf" || fail "the nginx site's listen lines changed: rewrite the test's sed"
cat >"$N/nginx.conf" <<EOF
daemon off;
worker_processes 1;
pid $N/nginx.pid;
error_log $N/logs/error.log;
events { worker_connections 256; }
http {
    access_log $N/logs/access.log;
    client_body_temp_path $N/tmp/body;
    proxy_temp_path $N/tmp/proxy;
    fastcgi_temp_path $N/tmp/fastcgi;
    uwsgi_temp_path $N/tmp/uwsgi;
    scgi_temp_path $N/tmp/scgi;
    include $N/site.conf;
}
EOF
nginx -t -p "$N" -c "$N/nginx.conf" >"$N/t.log" 2>&1 || fail "nginx -t on the shipped site: $(cat "$N/t.log")"
nginx -p "$N" -c "$N/nginx.conf" >"$N/out.log" 2>&1 &
NGINX=$!
PIDS="$PIDS $NGINX"
for i in $(seq 1 200); do
    [ "$(curl -sk -o /dev/null -w '%{http_code}' "https://127.0.0.1:$HTTPS_PORT/healthz" || true)" != 200 ] || break
    kill -0 "$NGINX" 2>/dev/null || fail "nginx exited: $(cat "$N/logs/error.log" "$N/out.log")"
    sleep 0.05
done
H="Host: credit.example.gov.cn"
expect_eq "HTTPS through nginx" 200 "$(curl -sk -H "$H" -o /dev/null -w '%{http_code}' "https://127.0.0.1:$HTTPS_PORT/healthz")"
expect_eq "HTTP redirected" "301 https://credit.example.gov.cn:$HTTPS_PORT/api/v1/stats" \
    "$(curl -s -H "$H" -o /dev/null -w '%{http_code} %{redirect_url}' "http://127.0.0.1:$HTTP_PORT/api/v1/stats")"
hdrs=$(curl -sk -H "$H" -D - -o "$WORK/front.html" "https://127.0.0.1:$HTTPS_PORT/")
expect_contains "HSTS" "strict-transport-security: max-age=31536000" "$(printf '%s' "$hdrs" | tr 'A-Z' 'a-z')"
cmp -s "$WORK/front.html" "$XY_SRC/web/index.html" || fail "the portal through nginx is not web/index.html"
expect_eq "TLS 1.1 refused" 000 "$(curl -sk --tls-max 1.1 -H "$H" -o /dev/null -w '%{http_code}' "https://127.0.0.1:$HTTPS_PORT/healthz" || true)"
# The public search, limited per client by nginx (20/s, bursts of 40): 200 one after another on one
# connection (well under 8 s, which 40 + 20/s would allow), some refused 429.
curl -sk -H "$H" -w '%{stderr}%{http_code}\n' \
    "https://127.0.0.1:$HTTPS_PORT/api/v1/subjects?q={%E5%8D%8E%E9%91%AB,%E6%B1%89%E6%B1%9F,%E6%AD%A6%E6%B1%89,%E7%A7%91%E6%8A%80}&limit=[1-50]" \
    >/dev/null 2>"$WORK/search.codes" || true
grep -q '^200$' "$WORK/search.codes" || fail "no search answered through nginx: $(sort "$WORK/search.codes" | uniq -c)"
grep -q '^429$' "$WORK/search.codes" || fail "nginx limited no search: $(sort "$WORK/search.codes" | uniq -c)"
[ -z "$(grep -v -e '^200$' -e '^429$' "$WORK/search.codes")" ] || fail "searches answered otherwise: $(sort "$WORK/search.codes" | uniq -c)"
# A department's batch goes through (bodies are not spooled, up to 64 MiB).
run_xy 0 dept add 11420100MB1234562H 武汉市市场监督管理局
KEY=$("$XY" key create --role department --dept 11420100MB1234562H | tail -n 1)
expect_eq "batch through nginx" 201 "$(curl -sk -H "$H" -o "$WORK/batch.json" -w '%{http_code}' -X POST \
    -H "Authorization: Bearer $KEY" -H 'Content-Type: text/csv' --data-binary @"$XY_SRC/examples/penalties.csv" \
    "https://127.0.0.1:$HTTPS_PORT/api/v1/batches?class=penalty")"
kill -QUIT "$NGINX"
wait "$NGINX" 2>/dev/null || true
PIDS=$(printf '%s\n' $PIDS | grep -v -x "$NGINX" | tr '\n' ' ' || true)
stop_server "$SPID" installed
echo "ok: make install layout, unit, installed portal, the nginx site with TLS in front"
