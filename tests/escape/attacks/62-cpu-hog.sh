# SPDX-License-Identifier: LGPL-2.1-or-later
class=resources
what="CPU hog: 8 busy processes for 20 s (another tenant's busy process must keep at least half a CPU)"
timeout=60
cmd='mkdir -p .esc; touch .esc/cpu.go; sleep 4; echo start $(date +%s.%N); for i in 1 2 3 4 5 6 7 8; do timeout 20 sh -c "while :; do :; done" & done; wait; echo end $(date +%s.%N)'
setup() { cpu_probe_start; }
happened() { grep -q '^end ' <<<"$out" && cpu_probe_slowed; }
cleanup() { cpu_probe_stop; }
