# SPDX-License-Identifier: LGPL-2.1-or-later
class=resources
# What decides it (see README.md): the task's memory limits (and ccsbx.slice's, which all share);
# a limit at or above the machine's memory cannot bind, and counts as the machine's memory.
depends="MemoryMax MemoryHigh MemorySwapMax"
what="memory bomb: touches 80% of the host's memory (ccsbx.slice lets all sandboxes together hold 75%)"
# Not more than the VM has: with no sandbox, the last few hundred MiB before the kernel's
# out-of-memory kill thrash the emulated VM for minutes (203 s in a control run). Holding 80% of
# the host is the escape; with a sandbox the cgroup's limit ends it first, or the slice's
# MemoryHigh= slows it down until its time is up. 45 s: the control run held it in 27 s.
# Host evidence written by the step, once it held its target: .esc-61-held in the workspace.
timeout=45
cmd="echo start \$(date +%s.%N); python3 -c 'import os
total = (os.sysconf(\"SC_PHYS_PAGES\") * os.sysconf(\"SC_PAGE_SIZE\")) >> 20
target = total * 8 // 10
print(\"TARGET\", target, \"MiB of\", total, flush=True)
chunks, got = [], 0
while got < target:
    chunks.append(bytearray(32 << 20)); got += 32
    if got % 512 == 0: print(\"allocated\", got, \"MiB\", flush=True)
print(\"HELD\", got, \"MiB\", flush=True)
open(\".esc-61-held\", \"w\").write(\"HELD %d MiB\\n\" % got)'; echo end \$(date +%s.%N)"
setup() { bob_probe_start; date +%s >"$ESC_STATE/since"; }
# Escaped: the bomb held its target, or the kernel had to kill for the whole machine
# (CONSTRAINT_NONE, not CONSTRAINT_MEMCG: a cgroup's limit), or another tenant stalled.
# A step that ran but printed no TARGET line is a broken bomb, not a blocked one: reported as
# escaped, to be seen.
happened() {
        if grep -q '^start ' <<<"$out" && ! grep -q '^TARGET ' <<<"$out"; then
                echo "the bomb did not start: $(tr '\n' ' ' <<<"$out" | cut -c1-150)"
                return 0
        fi
        grep -q '^HELD ' <<<"$out" && { grep '^HELD ' <<<"$out"; return 0; }
        grep -qs '^HELD ' "$ESC_WS/.esc-61-held" && { grep '^HELD ' "$ESC_WS/.esc-61-held"; return 0; }
        journalctl -k --no-pager -o cat --since "@$(cat "$ESC_STATE/since")" | grep -q 'constraint=CONSTRAINT_NONE' ||
                bob_probe_failed
}
cleanup() { bob_probe_stop; rm -f "$ESC_WS/.esc-61-held"; }
