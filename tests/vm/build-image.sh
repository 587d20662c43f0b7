#!/bin/bash
# Build (or reuse from the cache) a bootable Debian 12 ext4 image for the VM tests.
#
#   tests/vm/build-image.sh [--deb PATH.deb ...] [--cache DIR]
#
# --deb: the image gets the .deb's dependencies (its Depends field), not the .deb itself: guests
# install it at boot from their payload, so the image's cache key is its recipe alone (this script,
# the pinned versions, the package lists) and a change to ccsbx's code never rebuilds it.
# Last line of stdout: the image path; the kernel is beside it as IMAGE.vmlinuz.
# Progress and timings go to stderr. See "Testing" in DESIGN.md for why it is
# built this way (no initramfs, kernel on the host side, root on NVMe).
set -eu

# mmdebstrap hooks and chroot commands need the sbin dirs (useradd, depmod, ...).
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export LC_ALL=C.UTF-8

here=$(cd "$(dirname "$0")" && pwd)
self="$here/$(basename "$0")"
. "$here/versions.sh"

# What the guest gets from Debian (nodejs too: tests may want it; claude itself
# is a native binary and does not need it). sudo, cron, at and chattr (e2fsprogs) are
# what the escape tests' attacks try to use; pytest and venv what their legitimate work uses.
GUEST_PACKAGES="systemd systemd-sysv dbus libpam-systemd polkitd udev kmod procps iproute2
passwd login util-linux python3 git make gcc libc6-dev ca-certificates less nodejs
sudo cron at python3-pytest python3-venv e2fsprogs"

# The unit and script that run a test payload at boot; see run-vm.sh.
write_payload_runner() {
        root=$1
        cat >"$root/etc/systemd/system/ccsbx-test-payload.service" <<'EOF'
[Unit]
Description=ccsbx VM test payload
# multi-user.target cannot be waited for here (we are part of it), so order
# after what the tests use; the script also waits for the boot to finish.
After=systemd-user-sessions.service dbus.service polkit.service systemd-logind.service

[Service]
# Not oneshot: a oneshot unit in multi-user.target would make the
# "is-system-running --wait" below wait for itself.
Type=exec
ExecStart=/usr/local/libexec/ccsbx-test-payload
StandardOutput=journal+console
StandardError=inherit

[Install]
WantedBy=multi-user.target
EOF
        mkdir -p "$root/usr/local/libexec"
        cat >"$root/usr/local/libexec/ccsbx-test-payload" <<'EOF'
#!/bin/sh
# Mount the payload disk, run its run.sh with the results channel (ttyS1) on
# fd 3 and in $CCSBX_RESULTS, report "# guest-exit STATUS" there, power off.
set -u
export CCSBX_RESULTS=/dev/ttyS1
stty -F "$CCSBX_RESULTS" raw -echo
exec 3>"$CCSBX_RESULTS"

# Tests want the system fully up (polkit, logind, ...); "degraded" is reported, not fatal.
state=$(systemctl is-system-running --wait)
echo "# guest: system $state after $(cut -d' ' -f1 /proc/uptime)s uptime" >&3
[ "$state" = running ] || systemctl --failed --plain --no-legend | sed 's/^/# guest: failed: /' >&3

mkdir -p /payload
if udevadm wait --timeout=30 /dev/disk/by-label/CCSBXPAYLOAD &&
   mount -o ro /dev/disk/by-label/CCSBXPAYLOAD /payload; then
        (cd /payload && exec ./run.sh)
        status=$?
else
        echo "Bail out! guest: payload disk (label CCSBXPAYLOAD) not found" >&3
        status=125
fi

echo "# guest-exit $status" >&3
exec 3>&-               # closing a serial tty waits until its output is sent
systemctl poweroff --no-block || poweroff -f
EOF
        chmod 0755 "$root/usr/local/libexec/ccsbx-test-payload"
        chroot "$root" systemctl enable ccsbx-test-payload.service
}

# Runs inside mmdebstrap's customize hook ($1 = the chroot, with /proc, /dev, apt lists).
customize() {
        root=$1
        stage=$CCSBX_BUILD_STAGE

        # Kernel: Debian's cloud kernel, unpacked (not installed: that would pull in
        # an initramfs we do not use). tar keeps merged-/usr's /lib -> usr/lib link.
        kpkg=$(chroot "$root" apt-cache depends --important linux-image-cloud-amd64 |
                sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*\)$/\1/p' | head -n 1)
        [ -n "$kpkg" ] || { echo "build-image: cannot resolve linux-image-cloud-amd64" >&2; exit 1; }
        chroot "$root" apt-get install -y -qq --download-only --no-install-recommends "$kpkg" >&2
        dpkg-deb --fsys-tarfile "$root"/var/cache/apt/archives/"$kpkg"_*.deb |
                tar -x -C "$root" --keep-directory-symlink
        kver=${kpkg#linux-image-}
        chroot "$root" depmod -a "$kver"
        cp "$root/boot/vmlinuz-$kver" "$stage/vmlinuz"

        # Test users: password locked (root uses runuser/su), uids fixed for the tests.
        uid=1001
        for user in alice bob carol dave; do
                chroot "$root" useradd --create-home --uid "$uid" --user-group --shell /bin/bash "$user"
                uid=$((uid + 1))
        done

        # What the package under test needs from Debian (the Depends of its .deb), so that the
        # guest can install the .deb offline at boot (tests/vm/scenarios/00-install.sh): the
        # package itself is not in the image, so a code change never rebuilds it.
        if [ -n "$CCSBX_DEB_DEPENDS" ]; then
                # shellcheck disable=SC2086
                chroot "$root" apt-get install -y -q --no-install-recommends $CCSBX_DEB_DEPENDS >&2
        fi

        # Claude Code, laid out as a global npm install would: the wrapper package,
        # its bin/claude.exe replaced by the native binary of the platform package.
        mkdir -p "$root/usr/lib/node_modules/@anthropic-ai"
        cp -a "$stage/claude-code" "$root/usr/lib/node_modules/@anthropic-ai/claude-code"
        ln -s ../lib/node_modules/@anthropic-ai/claude-code/bin/claude.exe "$root/usr/bin/claude"
        got=$(chroot "$root" env HOME=/nonexistent claude --version)
        [ "$got" = "$CLAUDE_CODE_VERSION (Claude Code)" ] ||
                { echo "build-image: claude --version in the image said: $got" >&2; exit 1; }

        write_payload_runner "$root"

        # Root with project quotas enforced, as limits.disk needs (ccsbx.conf(5)). The kernel
        # mounts it read-only (run-vm.sh says "ro"): ext4 cannot load the quota format module
        # before root is mounted, and needs none for a read-only mount; systemd-remount-fs then
        # remounts it read-write with prjquota from this line.
        echo '/dev/nvme0n1 / ext4 rw,prjquota 0 1' >"$root/etc/fstab"
        # polkitd is D-Bus activated, so it would start only at the first
        # authorization check; have it up (and its rules loaded) at boot.
        chroot "$root" systemctl add-wants multi-user.target polkit.service

        # Nothing but the tests should compete for the emulated CPUs: these timers are
        # Persistent=, and with a snapshot disk every boot is the first after the build,
        # so they would all fire at boot.
        chroot "$root" systemctl mask apt-daily.timer apt-daily-upgrade.timer dpkg-db-backup.timer fstrim.timer
        # ttyS0 is the console log, ttyS1 the results channel: no login prompts there.
        chroot "$root" systemctl mask serial-getty@ttyS0.service serial-getty@ttyS1.service

        echo ccsbx-vm >"$root/etc/hostname"
        printf '127.0.0.1\tlocalhost\n127.0.1.1\tccsbx-vm\n::1\tlocalhost ip6-localhost ip6-loopback\n' \
                >"$root/etc/hosts"
}

if [ "${1-}" = --customize-hook ]; then
        customize "$2"
        exit
fi

usage() { echo "usage: $0 [--deb PATH.deb ...] [--cache DIR]" >&2; exit 2; }
cache=${CCSBX_VM_CACHE:-/var/cache/ccsbx-vm}
debs=()
while [ $# -gt 0 ]; do
        case $1 in
        --deb)   [ $# -ge 2 ] || usage
                 [ -f "$2" ] || { echo "build-image: no such file: $2" >&2; exit 2; }
                 debs+=("$2"); shift 2 ;;
        --cache) [ $# -ge 2 ] || usage; cache=$2; shift 2 ;;
        *)       usage ;;
        esac
done

# The packages the .debs depend on, by name (versions are whatever the archive has: the .deb's
# own install at boot checks them). Only these go into the key, not the .debs' contents.
deb_depends=$(for deb in "${debs[@]}"; do dpkg-deb -f "$deb" Depends Pre-Depends; done | sed -E 's/^(Pre-)?Depends: //' |
        tr ',|' '\n\n' | sed -E 's/\(.*\)//; s/:any//; s/^[[:space:]]+//; s/[[:space:]]+$//' | grep . | sort -u | tr '\n' ' ')
# The cache key covers everything the image is made from, except the archive's
# current package versions (delete the cache to pick up Debian updates).
key=$({
        sha256sum <"$self"
        sha256sum <"$here/versions.sh"
        echo "$GUEST_PACKAGES"
        echo "$deb_depends"
} | sha256sum | cut -c1-16)
image="$cache/ccsbx-vm-$key.img"

if [ -f "$image" ]; then
        echo "build-image: cache hit: $image" >&2
        echo "$image"
        exit 0
fi

mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9                 # one build at a time; it also makes leftover temp dirs safe to remove
if [ -f "$image" ]; then echo "build-image: cache hit: $image (built meanwhile)" >&2; echo "$image"; exit 0; fi
# Left by killed builds. --one-file-system: never descend into what a killed
# mmdebstrap may have left mounted in its chroot.
rm -rf --one-file-system "$cache"/tmp.*

start=$(date +%s)
stage=$(mktemp -d "$cache/tmp.XXXXXX")
chmod 0755 "$stage"     # apt downloads as _apt, which must reach the chroot
trap 'rm -rf --one-file-system "$stage"' EXIT
trap 'exit 130' INT TERM
mkdir "$stage/rootfs"

# Claude Code from npm. --ignore-scripts: we do its postinstall's one job
# ourselves (hard-link the platform binary over the bin/claude.exe stub)
# rather than depend on npm's policy for install scripts.
command -v npm >/dev/null || { echo "build-image: npm is needed on the host" >&2; exit 1; }
npm install --global --prefix "$stage/npm" --ignore-scripts --include=optional --no-audit --no-fund \
        --loglevel=error "@anthropic-ai/claude-code@$CLAUDE_CODE_VERSION" >&2
pkg="$stage/npm/lib/node_modules/@anthropic-ai/claude-code"
ln -f "$pkg/node_modules/@anthropic-ai/claude-code-linux-x64/claude" "$pkg/bin/claude.exe"
mv "$pkg" "$stage/claude-code"
t_npm=$(date +%s)

# No mirror given: mmdebstrap uses Debian's, plus updates and security for a stable suite.
export CCSBX_BUILD_STAGE="$stage" CCSBX_BUILD_SELF="$self" CCSBX_DEB_DEPENDS="$deb_depends"
mmdebstrap --mode=root --variant=apt --include="${GUEST_PACKAGES//$'\n'/ }" \
        --customize-hook='"$CCSBX_BUILD_SELF" --customize-hook "$1"' \
        "$DEBIAN_SUITE" "$stage/rootfs/" >&2
t_mmdebstrap=$(date +%s)

# 4 GiB (sparse): the default profile's limits.disk of 10% must leave the legitimate work room.
truncate -s 4G "$stage/image"
mkfs.ext4 -q -L ccsbx-root -d "$stage/rootfs" "$stage/image"
# Quota features after populating: mkfs -d with them leaves the usage counts wrong (e2fsck says so),
# tune2fs counts what is there.
tune2fs -O quota,project -Q prjquota "$stage/image" >&2
t_mkfs=$(date +%s)

# The image appears last, so its existence means the kernel is there too.
mv "$stage/vmlinuz" "$image.vmlinuz"
mv "$stage/image" "$image"
# Keep the three newest images (a qemu still using an older one keeps its open file).
ls -t "$cache"/ccsbx-vm-*.img | tail -n +4 | while read -r old; do rm -f "$old" "$old.vmlinuz"; done
echo "build-image: built $image in $((t_mkfs - start))s" \
        "(npm $((t_npm - start))s, mmdebstrap $((t_mmdebstrap - t_npm))s, mkfs $((t_mkfs - t_mmdebstrap))s)" >&2
echo "$image"
