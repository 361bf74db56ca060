#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""A subscriber's webhook, written from docs/internals/SUBSCRIPTIONS.md alone (the recipe), for
tests/blackbox/subscriptions.sh and bench/exchange.

  webhook_receiver.py serve DIR [--fail-first N] [--quiet]
      Listens on 127.0.0.1 (a free port, written to DIR/port). Secrets are read from DIR/secrets.json
      ({"<subscription id>": "whsec_..."}) at each request. Each delivery is checked by the recipe:
      the HMAC-SHA256 signature (401 when it does not match), the timestamp (409 when older than the
      tolerance), a replay of a delivery already accepted with the same signature (409); a delivery id
      seen before with a fresh signature (the platform retrying after a lost answer) is answered 200 and
      not applied again. Applied notifications go to DIR/notes-<id>.jsonl, each raw request to
      DIR/raw/<n>.json, counts to DIR/stats.json. The first N deliveries are answered 500 (retries).
  webhook_receiver.py replay RAWFILE URL      sends a recorded request again, as it was; prints the status
  webhook_receiver.py tamper RAWFILE URL      the same with one byte of the body changed
"""
import base64
import hashlib
import hmac
import json
import os
import sys
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, HTTPServer

TOLERANCE = 300  # seconds


def expected_signature(secret, timestamp, delivery, body):
    """The recipe: key = the 32 bytes the secret's hex digits after "whsec_" give; message =
    "v1\\n" + timestamp + "\\n" + delivery id + "\\n" + the body's bytes as received."""
    key = bytes.fromhex(secret[len("whsec_"):])
    message = b"v1\n" + timestamp.encode() + b"\n" + delivery.encode() + b"\n" + body
    return hmac.new(key, message, hashlib.sha256).hexdigest()


class State:
    def __init__(self, d, fail_first):
        self.dir = d
        self.fail_left = fail_first
        self.lock = threading.Lock()
        self.seen_sigs = set()
        self.seen_deliveries = set()
        self.last_pos = {}  # subscription -> (seq, part) of the last notification applied
        self.newest_ts = 0
        self.raw = 0
        self.stats = {"accepted": 0, "applied": 0, "refused_signature": 0, "refused_replay": 0,
                      "refused_stale": 0, "retried": 0, "failed_on_purpose": 0, "out_of_order": 0,
                      "duplicates": 0}

    def save(self):
        tmp = os.path.join(self.dir, "stats.json.tmp")
        with open(tmp, "w") as f:
            json.dump(self.stats, f)
        os.replace(tmp, os.path.join(self.dir, "stats.json"))


def make_handler(st, quiet):
    class H(BaseHTTPRequestHandler):
        disable_nagle_algorithm = True  # the answer's head and body in two writes: no 40 ms delayed ACK

        def log_message(self, *a):
            if not quiet:
                super().log_message(*a)

        def answer(self, code, text):
            data = json.dumps({"status": code, "detail": text}).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            sub = self.headers.get("X-Xinyong-Subscription", "")
            delivery = self.headers.get("X-Xinyong-Delivery", "")
            ts = self.headers.get("X-Xinyong-Timestamp", "")
            sig = self.headers.get("X-Xinyong-Signature", "")
            with st.lock:
                st.raw += 1
                os.makedirs(os.path.join(st.dir, "raw"), exist_ok=True)
                with open(os.path.join(st.dir, "raw", "%d.json" % st.raw), "w") as f:
                    json.dump({"path": self.path, "headers": {k: v for k, v in self.headers.items()},
                               "body": base64.b64encode(body).decode()}, f)
                try:
                    secrets = json.load(open(os.path.join(st.dir, "secrets.json")))
                except (OSError, ValueError):
                    secrets = {}
                secret = secrets.get(sub)
                if not secret or not sig.startswith("v1=") or not ts.isdigit() or not delivery:
                    st.stats["refused_signature"] += 1
                    st.save()
                    return self.answer(401, "unsigned or unknown subscription")
                good = expected_signature(secret, ts, delivery, body)
                if not hmac.compare_digest(good, sig[3:]):
                    st.stats["refused_signature"] += 1
                    st.save()
                    return self.answer(401, "bad signature")
                # Freshness: the platform in the tests runs on a test clock, so the reference is the
                # newest timestamp accepted rather than this machine's clock.
                if int(ts) < st.newest_ts - TOLERANCE:
                    st.stats["refused_stale"] += 1
                    st.save()
                    return self.answer(409, "stale timestamp")
                if (delivery, ts, sig) in st.seen_sigs:
                    st.stats["refused_replay"] += 1
                    st.save()
                    return self.answer(409, "replayed delivery")
                if st.fail_left > 0:
                    st.fail_left -= 1
                    st.stats["failed_on_purpose"] += 1
                    st.save()
                    return self.answer(500, "failing on purpose")
                st.seen_sigs.add((delivery, ts, sig))
                st.newest_ts = max(st.newest_ts, int(ts))
                st.stats["accepted"] += 1
                if delivery in st.seen_deliveries:
                    st.stats["retried"] += 1
                    st.save()
                    return self.answer(200, "delivered before")
                st.seen_deliveries.add(delivery)
                doc = json.loads(body)
                if str(doc.get("subscription")) != sub or doc.get("delivery") != delivery:
                    st.stats["refused_signature"] += 1
                    st.save()
                    return self.answer(400, "the body does not match its headers")
                last = st.last_pos.get(sub, (0, 0))
                with open(os.path.join(st.dir, "notes-%s.jsonl" % sub), "a") as f:
                    for n in doc["notifications"]:
                        pos = (n["pos"]["seq"], n["pos"]["part"])
                        if pos == last:
                            st.stats["duplicates"] += 1
                            continue
                        if pos < last:
                            st.stats["out_of_order"] += 1
                            continue
                        last = pos
                        f.write(json.dumps(n, ensure_ascii=False) + "\n")
                        st.stats["applied"] += 1
                st.last_pos[sub] = last
                st.save()
            return self.answer(200, "ok")

    return H


def serve(d, fail_first, quiet):
    st = State(d, fail_first)
    st.save()
    srv = HTTPServer(("127.0.0.1", 0), make_handler(st, quiet))
    with open(os.path.join(d, "port.tmp"), "w") as f:
        f.write(str(srv.server_address[1]))
    os.replace(os.path.join(d, "port.tmp"), os.path.join(d, "port"))
    srv.serve_forever()


def resend(rawfile, url, tamper):
    raw = json.load(open(rawfile))
    body = base64.b64decode(raw["body"])
    if tamper:
        body = body.replace(b'"kind"', b'"kinD"', 1)
    req = urllib.request.Request(url + raw["path"], data=body, method="POST")
    for k, v in raw["headers"].items():
        if k.lower().startswith("x-xinyong-") or k.lower() == "content-type":
            req.add_header(k, v)
    try:
        with urllib.request.urlopen(req) as r:
            print(r.status)
    except urllib.error.HTTPError as e:
        print(e.code)


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "serve":
        ff = int(sys.argv[sys.argv.index("--fail-first") + 1]) if "--fail-first" in sys.argv else 0
        serve(sys.argv[2], ff, "--quiet" in sys.argv)
    elif len(sys.argv) == 4 and sys.argv[1] in ("replay", "tamper"):
        resend(sys.argv[2], sys.argv[3], sys.argv[1] == "tamper")
    else:
        sys.exit(__doc__)
