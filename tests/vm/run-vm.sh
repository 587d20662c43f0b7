#!/bin/bash
# Boot the test image under qemu with PAYLOAD_DIR as a second disk, relay the
# TAP the payload writes to the results channel, exit with the payload's status.
#
#   tests/vm/run-vm.sh --image IMG [--kvm] [--timeout SECONDS] [--console-log FILE] PAYLOAD_DIR
#
# The guest (see build-image.sh) runs PAYLOAD_DIR/run.sh as root once booted,
# with the results channel (serial port ttyS1) on fd 3 and in $CCSBX_RESULTS,
# then writes "# guest-exit STATUS" there and powers off. If that line never
# comes, this prints "Bail out! VM did not finish: ..." and exits 125.
set -eu

usage() { echo "usage: $0 --image IMG [--kvm] [--timeout SECONDS] [--console-log FILE] PAYLOAD_DIR" >&2; exit 2; }
image='' kvm='' timeout=600 console='' payload=''
while [ $# -gt 0 ]; do
        case $1 in
        --image)       [ $# -ge 2 ] || usage; image=$2; shift 2 ;;
        --kvm)         kvm=1; shift ;;
        --timeout)     [ $# -ge 2 ] || usage; timeout=$2; shift 2 ;;
        --console-log) [ $# -ge 2 ] || usage; console=$2; shift 2 ;;
        -*)            usage ;;
        *)             [ -z "$payload" ] || usage; payload=$1; shift ;;
        esac
done
[ -n "$image" ] && [ -n "$payload" ] || usage
[ -f "$image" ] && [ -f "$image.vmlinuz" ] || { echo "run-vm: no $image or $image.vmlinuz (run build-image.sh)" >&2; exit 2; }
[ -x "$payload/run.sh" ] || { echo "run-vm: $payload/run.sh is missing or not executable" >&2; exit 2; }

tmp=$(mktemp -d)
qemu_pid=
cleanup() {
        [ -z "$qemu_pid" ] || kill "$qemu_pid" 2>/dev/null || true
        rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
console=${console:-$tmp/console.log}
results=$tmp/results
: >"$results"

# The payload travels as a small ext4 disk: no 9p or virtiofs in this setup.
size_mb=$(( $(du -sk "$payload" | cut -f1) * 2 / 1024 + 16 ))
truncate -s "${size_mb}M" "$tmp/payload.img"
mkfs.ext4 -q -L CCSBXPAYLOAD -d "$payload" "$tmp/payload.img"

# Software emulation by default: the nested /dev/kvm of our CI machines cannot
# run a stock Debian kernel (DESIGN.md, Testing).
if [ -n "$kvm" ]; then accel=(-accel kvm -cpu host); else accel=(-accel 'tcg,thread=multi' -cpu max); fi
# No initramfs: NVMe is built into Debian's cloud kernel, so root is on NVMe.
# Read-only at first: fstab remounts it read-write with project quotas (build-image.sh).
# panic=-1 with -no-reboot turns a guest crash into qemu exiting. The console
# keeps kernel warnings and systemd's status lines, uncoloured, for diagnosis.
cmdline="root=/dev/nvme0n1 ro console=ttyS0 panic=-1 systemd.unified_cgroup_hierarchy=1 loglevel=4 SYSTEMD_COLORS=0"
qemu-system-x86_64 "${accel[@]}" -m 4096 -smp 2 \
        -nodefaults -no-user-config -display none -nic none -no-reboot \
        -kernel "$image.vmlinuz" -append "$cmdline" \
        -drive if=none,id=root,format=raw,snapshot=on,file="${image//,/,,}" -device nvme,drive=root,serial=root \
        -drive if=none,id=payload,format=raw,snapshot=on,file="$tmp/payload.img" -device nvme,drive=payload,serial=payload \
        -serial file:"$console" -serial file:"$results" </dev/null &
qemu_pid=$!
start=${EPOCHREALTIME//[!0-9]/}
elapsed() { local us=$(( ${EPOCHREALTIME//[!0-9]/} - start )); printf '%d.%ds' $((us / 1000000)) $((us / 100000 % 10)); }

# Relay whole lines from the results file while qemu runs; keep a partial line
# for the next round. Stop at the deadline, or shortly after "# guest-exit"
# if the guest then fails to power off.
deadline=$((SECONDS + timeout)) timed_out='' status='' first='' pending=''
relay() {
        local part
        while IFS= read -r part; do
                line=${pending}${part%$'\r'} pending=
                printf '%s\n' "$line"
                case $line in
                "# guest-exit "[0-9]*)
                        status=${line#\# guest-exit }
                        [ "$deadline" -le $((SECONDS + 30)) ] || deadline=$((SECONDS + 30)) ;;
                esac
        done
        pending=$pending$part
}
exec 3<"$results"
while kill -0 "$qemu_pid" 2>/dev/null; do
        if [ -z "$first" ] && [ -s "$results" ]; then
                first=1
                echo "# vm: first byte on the results channel $(elapsed) after qemu started"
        fi
        relay <&3
        if [ "$SECONDS" -ge "$deadline" ]; then
                [ -n "$status" ] || timed_out=1
                kill "$qemu_pid"
                break
        fi
        sleep 0.2
done
wait "$qemu_pid" && qemu_status=0 || qemu_status=$?
qemu_pid=
relay <&3               # what came between the last read and qemu's exit
[ -z "$pending" ] || printf '%s\n' "$pending"

if [ -n "$status" ]; then
        echo "# vm: finished after $(elapsed)"
        exit "$status"
fi
if [ -n "$timed_out" ]; then
        reason="timed out after ${timeout}s"
elif grep -q 'Kernel panic' "$console"; then
        reason="kernel panic"
else
        reason="qemu exited with status $qemu_status before the guest reported"
fi
echo "Bail out! VM did not finish: $reason"
{
        echo "run-vm: VM did not finish: $reason; last 40 lines of the console log:"
        tail -n 40 "$console" | tr -d '\r'
} >&2
exit 125
