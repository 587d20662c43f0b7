# SPDX-License-Identifier: LGPL-2.1-or-later
class=resources
# What decides it (see README.md): the task's CPU quota, weight and CPUs.
depends="CPUQuota CPUWeight AllowedCPUs"
what="CPU hog: 8 busy processes for 12 s (no more CPU than limits.cpu; another tenant's busy process keeps at least half of its share)"
timeout=60
# Host evidence written by the step: .esc-62-times in the workspace, its start, children and end
# lines (what the verdict needs from its output).
cmd='sleep 4; echo start $(date +%s.%N) | tee .esc-62-times; TIMEFORMAT="children %U %S"; { time { for i in 1 2 3 4 5 6 7 8; do timeout 12 sh -c "while :; do :; done" & done; wait; }; } 2>>.esc-62-times; tail -n 1 .esc-62-times; echo end $(date +%s.%N) | tee -a .esc-62-times; sleep 4'
setup() { cpu_probe_start; }
happened() {
        local out=$out
        [ -s "$ESC_WS/.esc-62-times" ] && out+=$'\n'$(cat "$ESC_WS/.esc-62-times")
        grep -q '^end ' <<<"$out" && cpu_probe_slowed
}
cleanup() { cpu_probe_stop; rm -f "$ESC_WS/.esc-62-times"; }
