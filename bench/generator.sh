#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# How long ccsbx-generator takes for 1, 10, 100 and 1000 profiles, beside systemd-getty-generator run
# the same way on the same machine: a generator every boot already runs, so the numbers have a scale.
# Instructions come from callgrind (deterministic, comparable between machines); wall time is the
# median of BENCH_RUNS runs (hyperfine if installed). Usage: bench/generator.sh PATH/TO/ccsbx-generator
# or "ninja -C build bench-generator". See bench/README.md.
set -eu -o pipefail
shopt -s inherit_errexit # so a failure inside $(…) stops the script too

die() { echo "generator.sh: $*" >&2; exit 1; }
div() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }

if [ $# != 1 ] || [ ! -x "$1" ]; then die "usage: $0 PATH/TO/ccsbx-generator"; fi
src=$(cd "$(dirname "$0")/.." && pwd)
sizes=${BENCH_SIZES:-1 10 100 1000}
runs=${BENCH_RUNS:-50}

getty=
for d in /usr/lib/systemd/system-generators /lib/systemd/system-generators; do
        [ -x "$d/systemd-getty-generator" ] && { getty=$d/systemd-getty-generator; break; }
done
[ -n "$getty" ] || die "systemd-getty-generator not found; it is the reference (install systemd)"
command -v valgrind >/dev/null || die "valgrind not found (apt-get install valgrind)"
hyperfine=$(command -v hyperfine || true)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A private copy: a rebuild during the run must not swap the binary between two measurements.
gen=$work/ccsbx-generator
cp "$1" "$gen"
root=$work/root out=$work/out
umask 022 # the generator refuses profiles writable by group or others

# The vendor default.conf, then alternately a profile that inherits it and overrides a few groups (like
# the shipped dev, offline and strict) and a stand-alone one that sets every group. Spread over
# /usr/lib, /etc and /run so the lookup walks all three; values differ so no two units are alike.
make_profiles() {
        local n=$1 i name mem cpu tasks hours locs=(usr/lib etc run)
        local modes=('network = { mode = "none"; };' 'network = { mode = "open"; };' '') # '': inherit "ip"

        rm -rf "$root"
        mkdir -p "$root"/{usr/lib,etc,run}/ccsbx
        echo "nameserver 192.0.2.53" >"$root/etc/resolv.conf"
        cp "$src/profiles/default.conf" "$root/usr/lib/ccsbx/"
        for ((i = 1; i < n; i++)); do
                printf -v name 'bench%04d' "$i"
                mem=$((i % 8 + 1))G cpu=$((i % 4 * 100 + 100))% tasks=$((256 + i)) hours=$((i % 12 + 1))h
                if ((i % 2)); then
                        printf '%s\n' \
                                "description = \"Bench $i, inherits default\";" \
                                'inherit = "default";' \
                                "${modes[i % 3]}" \
                                "limits = { memory = \"$mem\"; cpu = \"$cpu\"; tasks = $tasks; runtime = \"$hours\"; };" \
                                "filesystem = { tmp_size = \"$((i % 16 * 64 + 64))M\"; };"
                else
                        printf '%s\n' \
                                "description = \"Bench $i, stand-alone, every group set\";" \
                                'capabilities = ["CAP_NET_BIND_SERVICE"];' \
                                "agent = { command = [\"/usr/bin/agent-$i\", \"--task\", \"bench\"]; };" \
                                "network = { mode = \"ip\"; resolver = true;" \
                                "            allow = [\"10.$((i / 256)).$((i % 256)).0/24\", \"2001:db8:$i::/48\"]; };" \
                                "limits = { memory = \"$mem\"; memory_swap = \"0\"; cpu = \"$cpu\"; tasks = $tasks;" \
                                "           runtime = \"$hours\"; nofile = $((4096 + i)); };" \
                                "filesystem = { read_only = [\"/srv/data$i\"]; read_write = [\"/srv/scratch$i\"];" \
                                "               hidden = [\"/srv/secret$i\"]; tmp_size = \"1G\"; };" \
                                'syscalls = { deny = ["@aio", "@memlock", "@obsolete"]; };' \
                                "access = { groups = [\"ccsbx\", \"bench$i\"]; users = [\"user$i\"];" \
                                "           max_per_user = $((i % 8 + 1)); };" \
                                "environment = { pass = [\"LANG\", \"TERM\", \"BENCH_$i\"]; };"
                fi >"$root/${locs[i % 3]}/ccsbx/$name.conf"
        done
}

# Both generators get what systemd gives them: an empty directory, three times. A second run into a
# full directory would measure ccsbx's "already exists" path, so every run starts afresh.
fresh() { rm -rf "$out" && mkdir "$out"; }
run_ccsbx() { CCSBX_ROOT=$root CCSBX_LOG=console "$@" "$gen" "$out" "$out" "$out"; }
run_getty() { "$@" "$getty" "$out" "$out" "$out"; }

# A benchmark of an error path is worthless: each generator must have written what it should.
check_ccsbx() {
        local n
        n=$(find "$out" -maxdepth 1 -type f -name '*.service' | wc -l)
        [ "$n" = "$1" ] ||
                die "ccsbx-generator wrote $n units for $1 profiles: $(CCSBX_ROOT=$root "$gen" --check 2>&1 | head -5)"
}
check_getty() { [ -n "$(ls -A "$out")" ] || die "systemd-getty-generator wrote nothing"; }

# Total instructions (Ir) of one run, from the summary line callgrind writes at the end of its output.
instructions() {
        fresh
        valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.out" "$@" 2>"$work/valgrind.log" ||
                { cat "$work/valgrind.log" >&2; die "valgrind $* failed"; }
        awk '/^(summary|totals):/ { print $2; exit }' "$work/callgrind.out"
}

# Median wall time in ms. hyperfine without a shell (-N), so a ~1 ms program is not measured against
# the cost of starting sh; --prepare empties the output directory outside the timed part. Its
# warnings about outliers are dropped: the median is what we report because it ignores them.
wall_ms() {
        local i t0 t1

        if [ -n "$hyperfine" ]; then
                hyperfine -N --style none --warmup 3 --runs "$runs" --export-csv "$work/hf.csv" \
                        --prepare "bash -c 'rm -rf $out && mkdir $out'" -- "$*" >/dev/null 2>"$work/hf.log" ||
                        { cat "$work/hf.log" >&2; die "hyperfine $* failed"; }
                awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "median") c = i }
                         NR == 2 { printf "%.2f", $c * 1000 }' "$work/hf.csv"
                return
        fi
        # Without hyperfine: $EPOCHREALTIME (bash 5, µs) rather than $(date +%s%N), whose own fork and
        # exec would land inside the timed part and weigh as much as getty's whole run.
        for ((i = 0; i < runs; i++)); do
                fresh
                t0=${EPOCHREALTIME/./}
                "$@" >/dev/null 2>&1 || die "$* failed"
                t1=${EPOCHREALTIME/./}
                echo $((t1 - t0))
        done | sort -n | awk '{ t[NR] = $1 } END { printf "%.2f", (t[int((NR + 1) / 2)] + t[int(NR / 2) + 1]) / 2000 }'
}

version=$(git -C "$src" describe --always --dirty 2>/dev/null || echo unknown)
echo "ccsbx-generator: $(realpath "$1") (sha256 $(sha256sum <"$gen" | cut -c1-12), source $version)"
echo "reference:       $getty ($(systemd-detect-virt 2>/dev/null || echo none) virtualization)"
timer="a bash loop" && [ -z "$hyperfine" ] || timer=$(hyperfine --version)
echo "wall time:       median of $runs runs with $timer, $(nproc) CPUs"
echo
row() { printf '%6s %14s %12s %7s %10s %9s %7s %11s\n' "$@"; }
row N "ccsbx Ir" "getty Ir" ratio "ccsbx ms" "getty ms" ratio "Ir/profile"

first_n='' first_ir=
for n in $sizes; do
        make_profiles "$n"

        # One plain run first: it must log nothing (a warning means a profile is not what we meant).
        fresh
        run_ccsbx 2>"$work/log" || die "ccsbx-generator failed: $(cat "$work/log")"
        [ ! -s "$work/log" ] || die "ccsbx-generator logged: $(head -5 "$work/log")"
        check_ccsbx "$n"

        # Each measurement on its own line: set -e ignores a failure on the left of "&&".
        ir=$(run_ccsbx instructions)
        check_ccsbx "$n"
        gir=$(run_getty instructions)
        check_getty
        ms=$(run_ccsbx wall_ms)
        check_ccsbx "$n"
        gms=$(run_getty wall_ms)
        check_getty

        row "$n" "$ir" "$gir" "$(div "$ir" "$gir")" "$ms" "$gms" "$(div "$ms" "$gms")" $((ir / n))
        [ -n "$first_n" ] || { first_n=$n first_ir=$ir; }
done

echo
if [ "$n" != "$first_n" ]; then
        echo "Each profile beyond the first costs about $(((ir - first_ir) / (n - first_n))) instructions; with $n" \
                "profiles ccsbx-generator runs $(div "$ir" "$gir")x the instructions and $(div "$ms" "$gms")x the" \
                "wall time of systemd-getty-generator."
fi
