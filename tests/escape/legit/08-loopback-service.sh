# SPDX-License-Identifier: LGPL-2.1-or-later
# Checks that the agent can run a forking TCP service on the sandbox's own loopback, with client processes, and stop it all.

class=legit
what="a forking Python TCP service on 127.0.0.1 and 8 client processes (5 requests each), everything stopped at the end"
timeout=90
# Only where the task has a network namespace of its own ("none", "proxy"): in mode "ip" (and
# "open") the sandbox shares the host's network, where loopback is closed to it by design
# (ccsbx.conf(5)).
applies() {
        [ "$ESC_MODE" = none ] || [ "$ESC_MODE" = proxy ] || [ "$ESC_MODE" = control ]
}
cmd=$(cat <<'CMD'
(
set -e
mkdir -p 08-loopback-service && cd 08-loopback-service
cat > loopsvc_server.py <<'PY'
# A forking line-based service: "SUM a b c" answers "<sum> <worker pid>", "PING" answers "PONG".
import os
import signal
import socketserver
import sys


class Handler(socketserver.StreamRequestHandler):
    def handle(self):
        for raw in self.rfile:
            words = raw.decode().split()
            if words[:1] == ["SUM"]:
                reply = f"{sum(int(w) for w in words[1:])} {os.getpid()}"
            elif words == ["PING"]:
                reply = "PONG"
            else:
                reply = "ERR"
            self.wfile.write((reply + "\n").encode())


class Server(socketserver.ForkingTCPServer):
    allow_reuse_address = True
    connections = 0

    def process_request(self, request, client_address):
        Server.connections += 1
        super().process_request(request, client_address)


def stop(signum, frame):
    raise SystemExit(0)


signal.signal(signal.SIGTERM, stop)
with Server(("127.0.0.1", 0), Handler) as server:
    with open("port.tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.rename("port.tmp", "port")
    print(f"server {os.getpid()} listening on 127.0.0.1:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()  # waits for the forked workers
        print(f"server stopped after {Server.connections} connections", flush=True)
PY
cat > loopsvc_client.py <<'PY'
import os
import socket
import sys
import time

n = int(sys.argv[1])
deadline = time.monotonic() + 30
while not os.path.exists("port"):
    if time.monotonic() > deadline:
        sys.exit("no port file")
    time.sleep(0.05)
port = int(open("port").read())
ok = 0
with open(f"client-{n}.log", "w") as log:
    for r in range(5):
        with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
            f = s.makefile("rw")
            numbers = [n, r, n * r, 100]
            f.write("SUM " + " ".join(map(str, numbers)) + "\n")
            f.flush()
            total, worker = f.readline().split()
            if int(total) == sum(numbers) and int(worker) != os.getpid():
                ok += 1
            log.write(f"{numbers} -> {total} (worker {worker})\n")
print(f"client {n}: {ok}/5 ok")
sys.exit(0 if ok == 5 else 1)
PY
python3 loopsvc_server.py > server.log 2>&1 &
server=$!
pids=()
for n in 1 2 3 4 5 6 7 8; do
        python3 loopsvc_client.py "$n" &
        pids+=($!)
done
failed=0
for p in "${pids[@]}"; do wait "$p" || failed=$((failed + 1)); done
kill -TERM "$server"
wait "$server" || true
cat server.log
echo "clients failed: $failed"
# Nothing of ours may be left running.
left=$(python3 -c 'import os
mine = 0
for p in filter(str.isdigit, os.listdir("/proc")):
    try:
        argv = open(f"/proc/{p}/cmdline", "rb").read().split(b"\0")
    except OSError:
        continue
    mine += argv[1:2] in ([b"loopsvc_server.py"], [b"loopsvc_client.py"])
print(mine)')
echo "processes left: $left"
[ "$failed" = 0 ] && [ "$left" = 0 ]
)
CMD
)

happened() {
        local d=$ESC_WS/08-loopback-service o=${out//$'\r'/} n port
        [ "$rc" = 0 ] || return 1
        grep -qx 'clients failed: 0' <<<"$o" && grep -qx 'processes left: 0' <<<"$o" || return 1
        [ "$(grep -cE '^client [1-8]: 5/5 ok$' <<<"$o")" = 8 ] || return 1
        grep -qx 'server stopped after 40 connections' <<<"$o" || return 1
        port=$(cat "$d/port") || return 1
        [[ "$port" =~ ^[0-9]+$ ]] && [ "$port" -gt 0 ] || return 1
        grep -qE "^server [0-9]+ listening on 127\.0\.0\.1:$port\$" "$d/server.log" || return 1
        grep -qx 'server stopped after 40 connections' "$d/server.log" || return 1
        # Every client's log: 5 answers, each with the right sum, from forked workers.
        for n in 1 2 3 4 5 6 7 8; do
                awk -v n="$n" '
                        { gsub(/[][,]/, "") }
                        NF == 8 && $1 == n && $2 == NR - 1 && $3 == n * (NR - 1) && $4 == 100 &&
                        $5 == "->" && $6 == $1 + $2 + $3 + $4 && $7 == "(worker" { ok++ }
                        END { exit !(ok == 5 && NR == 5) }' "$d/client-$n.log" || return 1
        done
        # Nothing left running on the host either.
        ! pgrep -f '^(\S*/)?python3(\.[0-9]+)? loopsvc_(server|client)\.py' >/dev/null
}
