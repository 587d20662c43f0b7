# SPDX-License-Identifier: LGPL-2.1-or-later
class=resources
what="CPU hog: 8 busy processes for 20 s (no more CPU than limits.cpu; another tenant's busy process keeps at least half of its share)"
timeout=60
cmd='sleep 4; echo start $(date +%s.%N); TIMEFORMAT="children %U %S"; time { for i in 1 2 3 4 5 6 7 8; do timeout 20 sh -c "while :; do :; done" & done; wait; }; echo end $(date +%s.%N); sleep 4'
setup() { cpu_probe_start; }
happened() { grep -q '^end ' <<<"$out" && cpu_probe_slowed; }
cleanup() { cpu_probe_stop; }
