# SPDX-License-Identifier: LGPL-2.1-or-later
class=resources
what="log flood: 30000 journal entries in a burst (the journal must stay usable for others)"
timeout=60
# journald limits every service alike (LogRateLimitBurst=), the control run's too.
applies() { [ "$ESC_MODE" != control ]; }
cmd='python3 -c "
import socket
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
n = 0
for i in range(30000):
    try:
        s.sendto(b\"MESSAGE=esc-flood %d\nSYSLOG_IDENTIFIER=esc-flood\n\" % i, \"/run/systemd/journal/socket\"); n += 1
    except OSError as e:
        pass
print(\"SENT\", n)"'
setup() { date +%s >"$ESC_STATE/since"; bob_probe_start; }
# Escaped: more than 20000 of them were stored (no rate limit held), or bob's probe failed.
happened() {
        local n
        n=$(journalctl --no-pager -o cat --since "@$(cat "$ESC_STATE/since")" SYSLOG_IDENTIFIER=esc-flood | wc -l)
        echo "stored $n"
        [ "$n" -gt 20000 ] || bob_probe_failed
}
cleanup() { bob_probe_stop; }
