#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Guest side of bench/egress.sh, run as root in the VM with the package installed (fd 3 is the
# channel back to the host). ccsbx-egress beside systemd-socket-proxyd (the floor for a proxy of
# this shape: socket-activated, splice(2), no parsing, no decision) and a direct connection, on the
# same path: the client and a download server on the VM's loopback, each proxy started the same
# way (systemd-socket-activate, as root, outside a unit: what is measured is the proxy process).
# Rounds interleave the three so that the machine's noise hits all alike.
#   1. throughput of one download of SIZE bytes (RUNS rounds);
#   2. time to first byte of a fresh connection (TTFB_N connections one after the other);
#   3. memory per idle connection: the proxy's RSS with IDLE_N tunnels open, less before, / IDLE_N.
# Settings (from the host, in ./settings): SIZE, RUNS, TTFB_N, IDLE_N.
exec 3>"${CCSBX_RESULTS:-/dev/stdout}"
exec 1>&3 2>&3
set -u
here=$(cd "$(dirname "$0")" && pwd)
SIZE=$((1 << 30)) RUNS=5 TTFB_N=200 IDLE_N=200
# shellcheck disable=SC1091 # written by the host
[ -f "$here/settings" ] && . "$here/settings"
die() { echo "Bail out! egress: $*" >&3; exit 1; }
client() { python3 "$here/egress-client.py" "$@"; }
export BENCH_PORT=18090

DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$here/ccsbx.deb" >/dev/null 2>&1 ||
        die "installing ccsbx.deb from the payload failed"
echo "127.0.0.2 bench.test" >>/etc/hosts
cat >/etc/ccsbx/bench-egress.conf <<'CONF'
description = "bench/egress.sh";
network = {
        mode = "proxy";
        allow_hosts = ["bench.test:18090"];
        allow_addresses = ["127.0.0.2"];
};
CONF
systemctl daemon-reload
hash=$(sed -n 's/^Environment=CCSBX_PROFILE_HASH=//p' /run/systemd/generator/ccsbx-bench-egress-egress@.service)
[ -n "$hash" ] || die "no ccsbx-bench-egress-egress@.service generated"

client serve 127.0.0.2 $BENCH_PORT &
server=$!
CCSBX_PROFILE_HASH=$hash systemd-socket-activate -l 127.0.0.1:3129 -E CCSBX_PROFILE_HASH \
        /usr/libexec/ccsbx/ccsbx-egress bench-egress alice:bench >/tmp/egress.log 2>&1 &
egress=$!
systemd-socket-activate -l 127.0.0.1:3130 /lib/systemd/systemd-socket-proxyd 127.0.0.2:$BENCH_PORT >/tmp/proxyd.log 2>&1 &
proxyd=$!
sleep 1
# Each path works before anything is timed (and starts the socket-activated proxies).
for m in "connect 127.0.0.1:3129" "raw 127.0.0.1:3130" "direct 127.0.0.2:$BENCH_PORT"; do
        # shellcheck disable=SC2086 # two words
        client download $m 1048576 >/dev/null || die "a download through \"$m\" failed: $(tail -n 3 /tmp/egress.log)"
done
pid_of() { pgrep -f "^$1" | head -n 1; }
egress_pid=$(pid_of /usr/libexec/ccsbx/ccsbx-egress) proxyd_pid=$(pid_of /lib/systemd/systemd-socket-proxyd)
[ -n "$egress_pid" ] && [ -n "$proxyd_pid" ] || die "the proxies are not running"

stats() { sort -n | awk '{ v[NR] = $1 } function at(p, i) { i = int(p * NR + 0.999999); if (i < 1) i = 1; return v[i] }
        END { if (NR == 0) print "- - -"; else print at(0.5), at(0.1), at(0.9) }'; }
div() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "-"; else printf "%.2f", a / b }'; }

echo "# 1. throughput: $RUNS downloads of $SIZE bytes each way, interleaved"
: >/tmp/t.connect; : >/tmp/t.raw; : >/tmp/t.direct
for ((i = 0; i < RUNS; i++)); do
        client download connect 127.0.0.1:3129 "$SIZE" >>/tmp/t.connect || die "download through ccsbx-egress failed"
        client download raw 127.0.0.1:3130 "$SIZE" >>/tmp/t.raw || die "download through systemd-socket-proxyd failed"
        client download direct 127.0.0.2:$BENCH_PORT "$SIZE" >>/tmp/t.direct || die "direct download failed"
done
mbs() { awk -v s="$SIZE" -v t="$1" 'BEGIN { printf "%.0f", s / t / 1048576 }'; }
read -r ce _ < <(stats </tmp/t.connect)
read -r cr _ < <(stats </tmp/t.raw)
read -r cd _ < <(stats </tmp/t.direct)
printf '# %-28s %10s MiB/s (median of %d)\n' "ccsbx-egress (CONNECT)" "$(mbs "$ce")" "$RUNS" \
        "systemd-socket-proxyd" "$(mbs "$cr")" "$RUNS" "direct" "$(mbs "$cd")" "$RUNS"
echo "# throughput ccsbx-egress / systemd-socket-proxyd: $(div "$cr" "$ce")x (goal: at least 0.9x)"
echo "# throughput ccsbx-egress / direct: $(div "$cd" "$ce")x"

echo "# 2. time to first byte: $TTFB_N fresh connections each"
client ttfb connect 127.0.0.1:3129 "$TTFB_N" >/tmp/f.connect || die "ttfb through ccsbx-egress failed"
client ttfb raw 127.0.0.1:3130 "$TTFB_N" >/tmp/f.raw || die "ttfb through systemd-socket-proxyd failed"
client ttfb direct 127.0.0.2:$BENCH_PORT "$TTFB_N" >/tmp/f.direct || die "direct ttfb failed"
for m in connect raw direct; do
        read -r med p10 p90 < <(stats </tmp/f.$m)
        printf '# %-28s median %6d µs [p10 %d, p90 %d]\n' "$m" "$med" "$p10" "$p90"
        eval "f_$m=$med"
done
# shellcheck disable=SC2154 # set by the eval above
echo "# added time to first byte, ccsbx-egress over systemd-socket-proxyd: $((f_connect - f_raw)) µs (goal: within 1000 µs)"

echo "# 3. memory per idle connection: $IDLE_N tunnels held open"
rss() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }
for m in "connect 127.0.0.1:3129 $egress_pid" "raw 127.0.0.1:3130 $proxyd_pid"; do
        read -r mode addr pid <<<"$m"
        before=$(rss "$pid")
        coproc C { client idle "$mode" "$addr" "$IDLE_N" 20; }
        read -r ready <&"${C[0]}"
        [ "$ready" = ready ] || die "idle connections through $mode did not open"
        sleep 1
        after=$(rss "$pid")
        wait "$C_PID"
        printf '# %-28s RSS %d KiB -> %d KiB: %s KiB per idle connection\n' "$mode" "$before" "$after" \
                "$(awk -v a="$after" -v b="$before" -v n="$IDLE_N" 'BEGIN { printf "%.1f", (a - b) / n }')"
done
echo "# (kernel memory of sockets and pipes is not in RSS; both proxies hold two sockets and two pipes per tunnel)"
entries=$(journalctl --no-pager -o cat MESSAGE_ID=fcbc296f139f4ee9a266d08f8b58f04f CCSBX_TASK=bench | wc -l)
echo "# ccsbx-egress wrote $entries journal entries (one per connection)"
kill "$server" "$egress" "$proxyd" 2>/dev/null
echo "ok 1 - egress benchmark ran"
echo "1..1"
