# SPDX-License-Identifier: LGPL-2.1-or-later
class=resources
# What decides it (see README.md): the task's log rate limit and level (journald's own are
# the same for all).
depends="LogRateLimitIntervalSec LogRateLimitBurst LogLevelMax"
what="log flood: 20000 journal entries in a burst, to hide the steps that follow (and the journal must stay usable for others)"
timeout=120
cmd='echo start $(date +%s.%N); python3 -c "
import socket
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
n = 0
for i in range(20000):
    try:
        s.sendto(b\"MESSAGE=esc-flood %d\nSYSLOG_IDENTIFIER=esc-flood\n\" % i, \"/run/systemd/journal/socket\"); n += 1
    except OSError as e:
        pass
print(\"SENT\", n)"; echo end $(date +%s.%N); echo flood-step-done'
# The relay's own entries are what a flood could push out: with no sandbox there is no relay.
applies() { [ "$ESC_MODE" != control ]; }
setup() { bob_probe_start; }
# Escaped: the relay's entry for this very step is missing (the flood hid it), or another tenant
# could not log meanwhile (bob's entry after the flood is not stored), or bob's probe failed.
happened() {
        local tok
        tok=$(secret bob)
        runuser -u bob -- logger -t esc-bob "after the flood $tok"
        sleep 2
        journalctl --no-pager -o cat -t esc-bob | grep -qF "$tok" || { echo "bob's entry is missing"; return 0; }
        journalctl --no-pager -o cat _SYSTEMD_UNIT="$ESC_UNIT" _EXE=/usr/libexec/ccsbx/ccsbx-launch CCSBX_EVENT=tool_result |
                grep -qF '@@begin 66-log-flood@@' || { echo "the relay's entry for the step is missing"; return 0; }
        bob_probe_failed
}
cleanup() { bob_probe_stop; }
