#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Rewrite expected/ of every fixture from the current generator, for a deliberate change of the
# units' content. Review the result with "git diff tests/generator" before committing: a fixture
# that enshrines a bug is worse than none.
#   tests/generator/update-expected.sh build/generator/ccsbx-generator /usr/local/libexec/ccsbx/ccsbx-launch
set -eu
shopt -s nullglob
gen=$(realpath "$1") launcher=$2
egress=${launcher%/*}/ccsbx-egress
cd "$(dirname "$0")"
src=$(cd ../.. && pwd)
for dir in [0-9][0-9]-*/; do
        dir=${dir%/}
        [ -d "$dir/expected" ] || continue
        work=$(mktemp -d)
        for d in usr etc run; do [ -e "$dir/$d" ] && cp -a "$dir/$d" "$work/"; done
        [ -x "$dir/setup.sh" ] && CCSBX_SOURCE_ROOT=$src "$dir/setup.sh" "$work"
        mkdir "$work/.out"
        CCSBX_ROOT=$work CCSBX_LOG=console "$gen" "$work/.out" 2>/dev/null || true
        rm -f "$dir"/expected/*
        for f in "$work"/.out/*; do
                sed "s|$work||g; s|$launcher|/usr/libexec/ccsbx/ccsbx-launch|g; s|$egress|/usr/libexec/ccsbx/ccsbx-egress|g" "$f" \
                        >"$dir/expected/$(basename "$f")"
        done
        rm -rf "$work"
done
