#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# ccsbx-egress beside systemd-socket-proxyd and a direct connection, in one VM boot
# (bench/vm/egress.sh; see bench/README.md): throughput, time to first byte, memory per idle
# connection. Usage: bench/egress.sh, or "ninja -C build bench-egress". BENCH_SIZE (1 GiB),
# BENCH_RUNS (5), BENCH_TTFB (200), BENCH_IDLE (200) change the sizes.
exec bash "$(dirname "$0")/in-vm.sh" egress "SIZE=${BENCH_SIZE:-1073741824}" "RUNS=${BENCH_RUNS:-5}" \
        "TTFB_N=${BENCH_TTFB:-200}" "IDLE_N=${BENCH_IDLE:-200}"
