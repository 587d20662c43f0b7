#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# What the disk-quota walk of limits.disk costs on a large workspace, beside what an admin would
# otherwise run to put a tree into a project: prepare's walk (launcher/disk-walk.c, built here as
# bench/quota-walk) on FILES files (default 100000, in directories of 1000) against
# "chattr -R -p PROJID" (e2fsprogs) and "xfs_io -c 'chproj -R PROJID'" on the same tree, and
# "find -printf x" (a walk that reads the directories only) as the floor. On the host, natively:
# a throw-away XFS file system on a loop device (XFS keeps project IDs without quota accounting,
# so no quota support in the kernel is needed). Root. Usage:
#   bench/quota-walk.sh BUILD-DIR/bench/quota-walk      (or "ninja -C build bench-quota-walk")
# BENCH_FILES, BENCH_RUNS (5) change the sizes.
set -eu -o pipefail
shopt -s inherit_errexit

die() { echo "quota-walk.sh: $*" >&2; exit 1; }
walk=$(realpath "${1:?usage: $0 PATH-TO-quota-walk}")
files=${BENCH_FILES:-100000} runs=${BENCH_RUNS:-5}
[ "$(id -u)" = 0 ] || die "needs root (a loop mount)"
for t in mkfs.xfs xfs_io chattr losetup; do command -v "$t" >/dev/null || die "$t missing (apt-get install xfsprogs e2fsprogs mount)"; done

work=$(mktemp -d)
cleanup() { umount "$work/mnt" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
truncate -s 2G "$work/img"
mkfs.xfs -q "$work/img"
mkdir "$work/mnt"
mount -o loop "$work/img" "$work/mnt" || die "cannot mount an XFS image on a loop device here"
tree=$work/mnt/ws
mkdir "$tree"
for ((d = 0; d < (files + 999) / 1000; d++)); do
        mkdir "$tree/d$d"
        n=$((files - d * 1000)) && [ $n -le 1000 ] || n=1000
        (cd "$tree/d$d" && eval "touch f{1..$n}")
done
count=$(find "$tree" | wc -l)

now() { echo "${EPOCHREALTIME/./}"; }
stats() { sort -n | awk '{ v[NR] = $1 } END { i = int(NR / 2 + 0.5); if (i < 1) i = 1; print v[i] }'; }
timed() { # NAME COMMAND...: appends µs to $work/NAME
        local name=$1 t0
        shift
        t0=$(now)
        "$@" >"$work/out" 2>&1 || { cat "$work/out" >&2; die "$name failed"; }
        echo $(($(now) - t0)) >>"$work/$name"
}
projid=1000
for ((i = -1; i < runs; i++)); do # -1: warm-up, not kept
        projid=$((projid + 1))
        timed walk "$walk" "$tree" "$projid"
        tagged=$(head -n 1 "$work/out")
        [ "$tagged" = "$count" ] || die "the walk tagged $tagged inodes, the tree has $count"
        [ "$(xfs_io -c 'lsproj' "$tree/d0/f1" | awk '{ print $NF }')" = "$projid" ] || die "the walk did not tag d0/f1"
        timed untag "$walk" "$tree" "$projid" untag
        [ "$(xfs_io -c 'lsproj' "$tree/d0/f1" | awk '{ print $NF }')" = 0 ] || die "untag left d0/f1 in the project"
        projid=$((projid + 1))
        timed chattr chattr -R -p "$projid" "$tree"
        projid=$((projid + 1))
        timed xfsio xfs_io -c "chproj -R $projid" "$tree"
        timed find find "$tree" -printf x
        if [ "$i" -lt 0 ]; then rm -f "$work"/{walk,untag,chattr,xfsio,find}; fi
done

ms() { awk -v u="$1" 'BEGIN { printf "%.0f", u / 1000 }'; }
div() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
w=$(stats <"$work/walk") u=$(stats <"$work/untag") c=$(stats <"$work/chattr") x=$(stats <"$work/xfsio") f=$(stats <"$work/find")
echo "Disk-quota walk on $count inodes ($files files), XFS on a loop device, $(uname -r), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg); median of $runs"
printf '%-50s %8s ms\n' "prepare's walk (into a new project)" "$(ms "$w")" "cleanup's walk (out of it)" "$(ms "$u")" \
        "chattr -R -p PROJID" "$(ms "$c")" "xfs_io -c 'chproj -R PROJID'" "$(ms "$x")" "find -printf x (reads directories only)" "$(ms "$f")"
echo "ratio walk/chattr $(div "$w" "$c")x, walk/xfs_io $(div "$w" "$x")x, walk/find $(div "$w" "$f")x;" \
        "$(awk -v w="$w" -v n="$count" 'BEGIN { printf "%.2f s per 100000 inodes", w / n / 10 }')"
