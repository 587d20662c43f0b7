#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The rpm (issue "rpm"), as TAP: tests/packaging/rpm.sh [WORKDIR]   (default: build-rpm-test/)
#   1. tools/build-rpm.sh builds the source and binary rpm; rpmlint reports no error, and every
#      warning it reports is justified in the spec's comments;
#   2. the rpm's payload equals the .deb's (tools/build-deb.sh): the same files with the same
#      types, modes and owners, the same text, the same configuration files; where the two
#      families differ by convention (paths, documentation, the PAM module's mode) it is mapped
#      or listed below, and nothing else may differ;
#   3. the scriptlets: the rpm installed with "rpm --root DIR --nodeps -i" into a throw-away Debian
#      root that has systemd's tools (made with mmdebstrap, cached in CCSBX_RPMROOT_CACHE), where
#      %pre must have made the users and groups, %post the state directories and the socket's
#      enablement; "rpm -V" finds nothing changed; "rpm -e" then leaves no file of ours behind.
# What 3 does not prove: that is Debian's systemd and /bin/sh (dash), not a Fedora host's; rpm's
# dependencies are not resolved (--nodeps); nothing is booted, so no unit is started or stopped.
set -u
cd "$(dirname "$0")/../.." || exit 1
src=$PWD
out=$(realpath -m "${1:-$src/build-rpm-test}")
cache=${CCSBX_RPMROOT_CACHE:-/var/cache/ccsbx-rpmroot}

skip() { echo "1..0 # SKIP $*"; exit 0; }
[ "$(id -u)" = 0 ] || skip "needs root (rpm --root, mmdebstrap)"
for t in rpmbuild rpmlint rpm2cpio cpio mmdebstrap dpkg-deb; do
        command -v "$t" >/dev/null || skip "$t missing (tools/install-deps.sh installs it)"
done
umount "$out/root/proc" 2>/dev/null # a run that was killed
rm -rf --one-file-system "$out"
mkdir -p "$out"

echo "1..13"
n=0 failed=0
ok() { # STATUS DESCRIPTION [DIAGNOSTIC FILE]
        n=$((n + 1))
        if [ "$1" = 0 ]; then
                echo "ok $n - $2"
        else
                echo "not ok $n - $2"
                failed=1
                [ -z "${3:-}" ] || sed 's/^/#   /' "$3" | head -n 40
        fi
}

# --- 1. build and lint ----------------------------------------------------------------------------
rc=0
tools/build-rpm.sh "$out/rpm" >"$out/build-rpm.log" 2>&1 || rc=$?
rpm=$(tail -n 1 "$out/build-rpm.log") srpm=$(tail -n 2 "$out/build-rpm.log" | head -n 1)
[ -f "$rpm" ] && [ -f "$srpm" ] || rc=1
ok "$rc" "tools/build-rpm.sh built the source and the binary rpm" "$out/build-rpm.log"
[ "$rc" = 0 ] || { echo "# nothing else can be checked without the rpm"; exit 1; }
grep -E '^[^ ]+: [WE]: ' "$out/rpm/rpmlint.log" | sed 's/^/# rpmlint: /'
summary=$(grep -E 'packages and [0-9]+ specfiles checked' "$out/rpm/rpmlint.log")
echo "# $summary"
case $summary in *" 0 errors,"*) rc=0 ;; *) rc=1 ;; esac
ok "$rc" "rpmlint: no errors in the source and the binary rpm" "$out/rpm/rpmlint.log"
: >"$out/unjustified"
for tag in $(sed -n 's/^[^ ]*: W: \([^ ]*\).*/\1/p' "$out/rpm/rpmlint.log" | sort -u); do
        grep -qE "^# - .*${tag}" packaging/rpm/ccsbx.spec || echo "$tag" >>"$out/unjustified"
done
[ -s "$out/unjustified" ] && rc=1 || rc=0
ok "$rc" "every rpmlint warning is justified in the spec's comments (\"# - TAG: why\")" "$out/unjustified"

# --- 2. the payload against the .deb's ------------------------------------------------------------
rc=0
tools/build-deb.sh "$out/deb" >"$out/build-deb.out" 2>"$out/build-deb.log" || rc=1
deb=$(tail -n 1 "$out/build-deb.out")
[ -f "$deb" ] || rc=1
ok "$rc" "tools/build-deb.sh built the .deb to compare with" "$out/build-deb.log"
[ "$rc" = 0 ] || { echo "# nothing else can be checked without the .deb"; exit 1; }
# "TYPE+MODE OWNER/GROUP PATH", one file a line, directories only where the package owns them.
dpkg-deb -c "$deb" | awk '{ p = substr($0, index($0, "./") + 1); sub(/\/$/, "", p); if (p == "") next
        print $1, $2, p }' >"$out/deb.all"
dpkg-deb -e "$deb" "$out/deb-control"
rpm -qp --qf '[%{FILEMODES:perms} %{FILEUSERNAME}/%{FILEGROUPNAME} f%{FILEFLAGS:fflags} %{FILENAMES}\n]' "$rpm" \
        >"$out/rpm.all" 2>/dev/null
# The conventions of the two families, rpm path -> .deb path (Debian 12's systemd.pc puts units and
# generators under /lib, and PAM modules go to the multiarch directory).
map() { sed -e 's|^/usr/lib/systemd/|/lib/systemd/|' -e 's|^/usr/lib64/security/|/usr/lib/x86_64-linux-gnu/security/|'; }
# Only in one of them, by convention, and nothing else:
#   rpm: build-id links; documentation and license in %doc/%license (/usr/share/doc/NAME-VERSION,
#   /usr/share/licenses); the preset that enables the socket (the .deb's postinst enables it);
#   the state directories as %ghost (the .deb leaves them to tmpfiles.d alone);
#   .deb: its changelog and copyright, the example in doc/ccsbx/examples, the lintian overrides;
#   directories that the .deb lists and does not own (every parent of a file).
rpm_only='^/usr/lib/\.build-id(/|$)|^/usr/share/(doc/ccsbx-[0-9.]+|licenses/ccsbx-[0-9.]+)(/|$)|^/usr/lib/systemd/system-preset/80-ccsbx\.preset$|^(/var/lib/ccsbx|/var/lib/ccsbx/home|/run/ccsbx|/run/ccsbx/tasks)$'
deb_only='^/usr/share/doc/ccsbx(/|$)|^/usr/share/lintian(/|$)'
# Shared objects: 0755 on rpm distributions (find-debuginfo takes only executable files), 0644 by
# Debian's policy; compared as the .deb has them.
awk '{ print $1, $2, $4 }' "$out/rpm.all" | while read -r mode owner path; do
        [[ $path =~ $rpm_only ]] && continue
        [[ $path == *.so && $mode == -rwxr-xr-x ]] && mode=-rw-r--r--
        echo "$mode $owner $(echo "$path" | map)"
done | sort >"$out/rpm.cmp"
# The .deb's directories that the rpm does not own are parents only: keep the ones ccsbx owns.
owned_dirs=$(awk '$1 ~ /^d/ { print $4 }' "$out/rpm.all" | map)
while read -r mode owner path; do
        [[ $path =~ $deb_only ]] && continue
        if [[ $mode == d* ]] && ! grep -qxF "$path" <<<"$owned_dirs"; then continue; fi
        echo "$mode $owner $path"
done <"$out/deb.all" | sort >"$out/deb.cmp"
diff "$out/deb.cmp" "$out/rpm.cmp" >"$out/payload.diff" && rc=0 || rc=1
echo "# $(wc -l <"$out/rpm.cmp") entries compared; the .deb's side first in a difference"
ok "$rc" "the same files, types, modes and owners as the .deb (conventions mapped or listed)" "$out/payload.diff"
# The documentation's example is in both, by each family's convention.
grep -q ' /usr/share/doc/ccsbx/examples/ccsbx-hide-processes.conf$' "$out/deb.all" &&
        grep -qE ' /usr/share/doc/ccsbx-[0-9.]+/ccsbx-hide-processes.conf$' "$out/rpm.all" && rc=0 || rc=1
ok "$rc" "the example configuration is in both packages' documentation"
# Configuration files: the .deb's conffiles are the rpm's %config(noreplace) files.
sort "$out/deb-control/conffiles" >"$out/deb.conf"
awk '$3 ~ /c/ && $3 ~ /n/ { print $4 }' "$out/rpm.all" | sort >"$out/rpm.conf"
diff "$out/deb.conf" "$out/rpm.conf" >"$out/conf.diff" && rc=0 || rc=1
ok "$rc" "the same configuration files: conffiles and %config(noreplace) ($(paste -sd' ' "$out/deb.conf"))" "$out/conf.diff"
# The same text in every file that is not a program (programs are built with each family's flags).
mkdir -p "$out/deb-root" "$out/rpm-root"
dpkg-deb -x "$deb" "$out/deb-root"
(cd "$out/rpm-root" && rpm2cpio "$rpm" | cpio -idm --quiet)
: >"$out/content.diff"
checked=0
while read -r mode owner path; do
        [[ $mode == -* ]] && ! [[ $path =~ $rpm_only ]] || continue
        debpath=$(echo "$path" | map)
        f=$out/rpm-root$path g=$out/deb-root$debpath
        case $(file -b "$f") in ELF*) continue ;; esac
        checked=$((checked + 1))
        if [[ $path == *.gz ]]; then
                cmp -s <(zcat "$f") <(zcat "$g") || echo "$path differs from $debpath" >>"$out/content.diff"
        else
                cmp -s "$f" "$g" || echo "$path differs from $debpath" >>"$out/content.diff"
        fi
done < <(awk '{ print $1, $2, $4 }' "$out/rpm.all")
if [ -s "$out/content.diff" ] || [ "$checked" = 0 ]; then rc=1; else rc=0; fi
ok "$rc" "the same text in the $checked files that are not programs (units, profiles, rules, man pages, ...)" "$out/content.diff"

# --- 3. the scriptlets in a throw-away root --------------------------------------------------------
recipe="mmdebstrap --mode=root --variant=minbase --include=systemd bookworm"
key=$(echo "$recipe" | sha256sum | cut -c1-16)
tarball=$cache/root-$key.tar
if [ ! -f "$tarball" ]; then
        mkdir -p "$cache"
        # shellcheck disable=SC2086 # the recipe is words
        $recipe "$cache/root-$key.tmp.tar" >"$out/mmdebstrap.log" 2>&1 && mv "$cache/root-$key.tmp.tar" "$tarball" ||
                { echo "# mmdebstrap failed:"; tail -n 20 "$out/mmdebstrap.log" | sed 's/^/#   /'; }
fi
root=$out/root
mkdir -p "$root"
rc=0
tar -C "$root" -xf "$tarball" 2>"$out/untar.log" || rc=1
# What is in the root, but rpm's own database, what sysusers keeps (users and groups stay, as on
# Debian) and the two parent directories that rpm makes for the package without owning them
# (on an rpm distribution the pam and filesystem packages own them).
snapshot() {
        (cd "$root" && find . -xdev -printf '%y %m %u:%g %p\n' | sort |
                grep -vE ' \./(var/lib/rpm|usr/lib/sysimage/rpm)(/|$)| \./etc/(passwd|group|shadow|gshadow)-?$|^d [0-9]+ [^ ]+ \.$' |
                grep -vxE 'd 755 root:root \./usr/(lib64/security|share/licenses)')
}
# /proc in the root, as an installer's chroot has it (systemd-tmpfiles refuses to run without).
trap 'umount "$root/proc" 2>/dev/null' EXIT
if [ "$rc" = 0 ]; then
        mount -t proc proc "$root/proc" || rc=1
        rpm --root "$root" --initdb >"$out/install.log" 2>&1 || rc=1
        rpm --root "$root" --import "$out/rpm/RPM-GPG-KEY-ccsbx" >>"$out/install.log" 2>&1 || rc=1
        snapshot >"$out/before"
        rpm --root "$root" --nodeps --force-debian -i "$rpm" >>"$out/install.log" 2>&1 || rc=1
fi
ok "$rc" "rpm --root ROOT --nodeps -i: the rpm installs into a throw-away Debian 12 root" "$out/install.log"
: >"$out/post.diag"
while read -r mode owner flags path; do
        [[ $flags == *g* ]] && continue
        have=$(stat -c '%A %U/%G' "$root$path" 2>/dev/null) || { echo "missing: $path" >>"$out/post.diag"; continue; }
        [ "$have" = "$mode $owner" ] || echo "$path is $have, the rpm says $mode $owner" >>"$out/post.diag"
done <"$out/rpm.all"
grep -q '^ccsbx:' "$root/etc/group" && grep -q '^ccsbx-admin:' "$root/etc/group" || echo "%pre: no groups ccsbx, ccsbx-admin" >>"$out/post.diag"
grep -q '^ccsbx-relay:.*:/usr/sbin/nologin$' "$root/etc/passwd" || echo "%pre: no user ccsbx-relay" >>"$out/post.diag"
for d in "0711 /var/lib/ccsbx" "0711 /var/lib/ccsbx/home" "0755 /run/ccsbx" "0700 /run/ccsbx/tasks"; do
        [ "$(stat -c '%04a' "$root${d#* }" 2>/dev/null)" = "${d%% *}" ] || echo "%post: ${d#* } not made with mode ${d%% *}" >>"$out/post.diag"
done
[ -L "$root/etc/systemd/system/sockets.target.wants/ccsbx-control.socket" ] ||
        echo "%post: ccsbx-control.socket not enabled (sockets.target.wants)" >>"$out/post.diag"
[ -s "$out/post.diag" ] && rc=1 || rc=0
ok "$rc" "the files landed with their modes, %pre made the users and groups, %post the state directories and the socket's enablement" "$out/post.diag"
rc=0
rpm --root "$root" --nodeps -V ccsbx >"$out/verify.log" 2>&1 || rc=1
ok "$rc" "rpm -V: nothing of the installed package differs from the rpm" "$out/verify.log"
rc=0
rpm --root "$root" --nodeps --force-debian -e ccsbx >"$out/erase.log" 2>&1 || rc=1
ok "$rc" "rpm -e: the rpm is erased again" "$out/erase.log"
snapshot >"$out/after"
diff "$out/before" "$out/after" >"$out/leftover.diff" && rc=0 || rc=1
ok "$rc" "after rpm -e nothing of ours is left in the root (but the users and groups, as on Debian)" "$out/leftover.diff"
exit $failed
