#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Generator fixtures, as TAP. Each tests/generator/NN-name/ is a CCSBX_ROOT with usr/ etc/ run/ inputs and:
#   expected/   the unit files the generator must write (absent: it must write none)
#   messages    (optional) lines that must each appear in the generator's log; also means
#               "ccsbx-generator --check" must exit 1 with the same lines on stderr
#   warnings    (optional) lines that must each appear in the log while --check still exits 0
#   setup.sh    (optional) run with the fixture's copy as $1 before the generator, for what git
#               cannot store (FIFOs, modes, links to /dev/null); it must succeed
# Every unit written must also pass "systemd-analyze verify" with nothing on stderr.
set -u
shopt -s nullglob
# shellcheck source-path=SCRIPTDIR source=../lib/tap.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/tap.sh"

gen=$1 fixtures=$2 slice=$3 launcher=$4
# The proxy beside the launcher, as meson installs both.
egress=${launcher%/*}/ccsbx-egress

# A SKIP plan so meson records a skip; tools/summarize-tap.py fails the run on it.
command -v systemd-analyze >/dev/null || skip_all "systemd-analyze not installed"
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT

# One fixture's checks, as TAP numbered from 1 (the caller renumbers): fixtures run two at a time,
# each in a subshell of its own (most of the time is the generator under valgrind and systemd-analyze).
run_fixture() { # DIR
        local dir=$1 name root out d rc crc missing line f vdir
        tap_n=0 tap_failed=0
        name=$(basename "$dir")
        root=$work/$name/root out=$work/$name/out
        mkdir -p "$root" "$out"
        # Copy the inputs so setup.sh can add what git cannot hold, and so paths are stable.
        for d in usr etc run; do [ -e "$dir/$d" ] && cp -a "$dir/$d" "$root/"; done
        if [ -x "$dir/setup.sh" ]; then
                CCSBX_SOURCE_ROOT=$(cd "$fixtures/../.." && pwd) "$dir/setup.sh" "$root" >"$work/$name/setup.log" 2>&1
                rc=$?
                ok $rc "$name: setup.sh"
                [ $rc = 0 ] || { diag <"$work/$name/setup.log"; return; }
        fi

        # CCSBX_GENERATOR_WRAPPER: e.g. valgrind, from tools/test-all.sh (word-split on purpose).
        # shellcheck disable=SC2086
        CCSBX_ROOT=$root CCSBX_LOG=console timeout 60 ${CCSBX_GENERATOR_WRAPPER:-} "$gen" "$out" "$out" "$out" 2>"$work/$name/log"
        rc=$?
        ok $rc "$name: generator exits 0"
        [ $rc = 0 ] || diag <"$work/$name/log"

        # SourcePath= and the header name the file under CCSBX_ROOT; expected/ is root-relative and
        # names the launcher as installed with --prefix=/usr, whatever prefix this build has.
        for f in "$out"/*; do
                [ -f "$f" ] && sed -i "s|$root||g; s|$launcher|/usr/libexec/ccsbx/ccsbx-launch|g; s|$egress|/usr/libexec/ccsbx/ccsbx-egress|g" "$f"
        done
        if [ -d "$dir/expected" ]; then
                diff -ru "$dir/expected" "$out" >"$work/$name/diff" 2>&1
        else
                ls -A "$out" >"$work/$name/diff"; [ ! -s "$work/$name/diff" ]
        fi
        rc=$?
        ok $rc "$name: output matches expected/"
        [ $rc = 0 ] || diag <"$work/$name/diff"

        # shellcheck disable=SC2086
        CCSBX_ROOT=$root timeout 60 ${CCSBX_GENERATOR_WRAPPER:-} "$gen" --check >/dev/null 2>"$work/$name/check"
        crc=$?
        if [ -f "$dir/messages" ]; then
                missing=0
                while IFS= read -r line; do
                        [ -z "$line" ] && continue
                        grep -qF -- "$line" <(sed "s|$root||g" "$work/$name/log") || { echo "missing in log: $line" | diag; missing=1; }
                        grep -qF -- "$line" <(sed "s|$root||g" "$work/$name/check") || { echo "missing in --check: $line" | diag; missing=1; }
                done <"$dir/messages"
                ok $missing "$name: every expected message is logged, with file:line"
                [ $crc = 1 ]; ok $? "$name: --check exits 1"
        elif [ -f "$dir/warnings" ]; then
                missing=0
                while IFS= read -r line; do
                        [ -z "$line" ] && continue
                        grep -qF -- "$line" <(sed "s|$root||g" "$work/$name/log") || { echo "missing in log: $line" | diag; missing=1; }
                done <"$dir/warnings"
                ok $missing "$name: every expected warning is logged"
                [ $crc = 0 ]; ok $? "$name: --check exits 0"
        else
                [ ! -s "$work/$name/log" ]; rc=$?
                ok $rc "$name: nothing logged"
                [ $rc = 0 ] || diag <"$work/$name/log"
                [ $crc = 0 ]; ok $? "$name: --check exits 0"
        fi

        # systemd-analyze verify only warns (exit 0) on unknown keys and bad values: any stderr
        # output fails. The launcher and the proxy do not exist on the build host; point at a real
        # binary. All of the fixture's units side by side: a proxy-mode sandbox needs its socket.
        vdir=$work/$name/verify
        mkdir -p "$vdir"
        cp "$slice" "$vdir/"
        for f in "$out"/*.service "$out"/*.socket; do
                [ -f "$f" ] && sed -E 's#(/usr(/local)?)?/libexec/ccsbx/ccsbx-(launch|egress)#/usr/bin/true#' "$f" >"$vdir/$(basename "$f")"
        done
        for f in "$out"/*.service "$out"/*.socket; do
                [ -f "$f" ] || continue
                (cd "$vdir" && systemd-analyze verify --man=no "./$(basename "$f")") >"$work/$name/verify.log" 2>&1
                rc=$?
                [ $rc = 0 ] && [ ! -s "$work/$name/verify.log" ]
                rc=$?
                ok $rc "$name: $(basename "$f") passes systemd-analyze verify"
                [ $rc = 0 ] || diag <"$work/$name/verify.log"
        done
}

dirs=("$fixtures"/[0-9][0-9]-*/)
running=0
for i in "${!dirs[@]}"; do
        [ "$running" -lt 2 ] || { wait -n; running=$((running - 1)); }
        (run_fixture "${dirs[$i]%/}" >"$work/$i.tap" 2>&1) &
        running=$((running + 1))
done
wait
# In the fixtures' order, renumbered into one plan.
for i in "${!dirs[@]}"; do
        while IFS= read -r line; do
                case $line in
                "ok "[0-9]*) ok 0 "${line#ok * - }" ;;
                "not ok "[0-9]*) ok 1 "${line#not ok * - }" ;;
                *) printf '%s\n' "$line" ;;
                esac
        done <"$work/$i.tap"
done

# No fixture at all is a broken tree, not a pass.
[ "$tap_n" -gt 0 ] || { echo "Bail out! no fixtures under $fixtures"; exit 1; }
done_testing
