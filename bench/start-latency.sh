#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# How long until the agent runs after "systemctl start ccsbx-…@USER:TASK", and what the relay costs
# per stream-json event, each beside what a user would otherwise run, in one VM boot
# (bench/vm/start-latency.sh; see bench/README.md). Usage: bench/start-latency.sh, or
# "ninja -C build bench-start-latency". BENCH_RUNS (30), BENCH_RELAY_RUNS (5), BENCH_EVENTS (20000)
# change the sizes.
exec bash "$(dirname "$0")/in-vm.sh" start-latency "RUNS=${BENCH_RUNS:-30}" "RELAY_RUNS=${BENCH_RELAY_RUNS:-5}" \
        "EVENTS=${BENCH_EVENTS:-20000}"
