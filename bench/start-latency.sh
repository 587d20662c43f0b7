#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# How long until the agent runs after "systemctl start ccsbx-…@USER:TASK", and what the relay costs
# per stream-json event, each beside what a user would otherwise run, in one VM boot: builds the
# .deb, builds or reuses the VM image with it installed (tests/vm/build-image.sh, cached), boots it
# once with bench/vm/start-latency.sh as the payload and prints what that measured. See
# bench/README.md. Usage: bench/start-latency.sh, or "ninja -C build bench-start-latency".
# BENCH_RUNS (30), BENCH_RELAY_RUNS (5), BENCH_EVENTS (20000) change the sizes; CCSBX_VM_KVM=1 uses
# KVM, CCSBX_VM_CACHE moves the image cache, as for the VM tests.
set -eu -o pipefail
shopt -s inherit_errexit

die() { echo "start-latency.sh: $*" >&2; exit 1; }
src=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
log() { printf '# %s\n' "$*" >&2; }

t=$SECONDS
deb=$("$src/tools/build-deb.sh" "$work/deb" 2>"$work/build-deb.log" | tail -n 1) ||
        { tail -n 30 "$work/build-deb.log" >&2; die "building the .deb failed"; }
log "built $(basename "$deb") in $((SECONDS - t))s"
t=$SECONDS
image=$("$src/tests/vm/build-image.sh" --deb "$deb" 2>"$work/build-image.log" | tail -n 1) ||
        { tail -n 30 "$work/build-image.log" >&2; die "building the VM image failed"; }
log "VM image $(basename "$image") ($(grep -q 'cache hit' "$work/build-image.log" && echo cached || echo "built in $((SECONDS - t))s"))"

payload=$work/payload
mkdir "$payload"
cp "$src/bench/vm/start-latency.sh" "$payload/run.sh"
# The image holds the package's dependencies only (as for the VM tests): the guest installs this.
cp "$deb" "$payload/ccsbx.deb"
printf 'RUNS=%d RELAY_RUNS=%d EVENTS=%d\n' "${BENCH_RUNS:-30}" "${BENCH_RELAY_RUNS:-5}" "${BENCH_EVENTS:-20000}" \
        >"$payload/settings"

kvm=()
[ "${CCSBX_VM_KVM:-0}" = 1 ] && kvm=(--kvm)
accel="TCG (software emulation)" && [ ${#kvm[@]} = 0 ] || accel=KVM
echo "ccsbx $(git -C "$src" describe --always --dirty 2>/dev/null || echo unknown) ($(basename "$deb")," \
        "sha256 $(sha256sum <"$deb" | cut -c1-12)), Debian 12 VM under qemu $accel, 2 vCPUs, 2 GiB;" \
        "host: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
# The guest's own "# guest"/"# vm" bookkeeping is not a result; its diagnostics ("# …") are.
"$src/tests/vm/run-vm.sh" --image "$image" "${kvm[@]}" --timeout "${BENCH_TIMEOUT:-3600}" \
        --console-log "$work/console.log" "$payload" | grep --line-buffered -v '^# guest' && rc=0 || rc=$?
[ "$rc" = 0 ] || {
        tail -n 20 "$work/console.log" | tr -d '\r' | sed 's/^/# console: /' >&2
        die "the benchmark failed in the VM (status $rc)"
}
