#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# One benchmark in one VM boot: builds the .deb, builds or reuses the VM image with it installed
# (tests/vm/build-image.sh, cached), boots it once with bench/vm/NAME.sh as the payload (and the
# bench/vm/NAME-* files beside it) and prints what that measured. See bench/README.md.
#   bench/in-vm.sh NAME [VAR=VALUE...]     the settings the guest script reads from ./settings
# Usually through bench/start-latency.sh or bench/egress.sh. CCSBX_VM_KVM=1 uses KVM,
# CCSBX_VM_CACHE moves the image cache, as for the VM tests.
set -eu -o pipefail
shopt -s inherit_errexit

die() { echo "in-vm.sh: $*" >&2; exit 1; }
src=$(cd "$(dirname "$0")/.." && pwd)
name=${1:?usage: bench/in-vm.sh NAME [VAR=VALUE...]}
shift
[ -f "$src/bench/vm/$name.sh" ] || die "no bench/vm/$name.sh"
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
cp "$src/bench/vm/$name.sh" "$payload/run.sh"
for f in "$src/bench/vm/$name"-*; do [ -e "$f" ] && cp "$f" "$payload/"; done
# The image holds the package's dependencies only (as for the VM tests): the guest installs this.
cp "$deb" "$payload/ccsbx.deb"
printf '%s\n' "$@" >"$payload/settings"

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
