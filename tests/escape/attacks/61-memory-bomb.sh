# SPDX-License-Identifier: LGPL-2.1-or-later
class=resources
what="memory bomb: 5 GiB touched, more than the VM has (the host must not run out)"
# 60 s: with no sandbox, touching the VM's memory to the out-of-memory kill takes longer than 30 s
# on two emulated CPUs (the control run's evidence); in a sandbox the limits end or throttle it.
timeout=60
cmd="echo start \$(date +%s.%N); python3 -c 'import sys
chunks = []
for i in range(80):
    chunks.append(bytearray(64 << 20)); print(\"allocated\", (i + 1) * 64, \"MiB\", flush=True)'; echo end \$(date +%s.%N)"
setup() { bob_probe_start; date +%s >"$ESC_STATE/since"; }
# The host ran out when the kernel had to kill for the whole machine (CONSTRAINT_NONE), not
# within a cgroup's limit (CONSTRAINT_MEMCG).
happened() {
        journalctl -k --no-pager -o cat --since "@$(cat "$ESC_STATE/since")" | grep -q 'constraint=CONSTRAINT_NONE' ||
                bob_probe_failed
}
cleanup() { bob_probe_stop; }
