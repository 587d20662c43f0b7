#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Run one escape-suite definition (or a few) under one profile in the test VM, for development:
#   tests/escape/one.sh [--legit] PATTERN PROFILE [BUILD_DIR]
# PATTERN: a bash regex of definition names (e.g. '^33-' or '^(33|34)-'); PROFILE: default, strict,
# offline, dev or control. Boots the VM once with only scenario 00-install and the matching escape
# scenario, prints that scenario's TAP and the definitions' verdicts. BUILD_DIR (default build/) is a
# meson build of this tree (for the unit tests the payload carries); CCSBX_VM_DEB=PATH.deb skips
# building the .deb. With a cached image and a .deb: about 2-4 minutes.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
set=attacks
[ "${1:-}" = --legit ] && { set=legit; shift; }
[ $# -ge 2 ] || { sed -n 3,9p "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
pattern=$1 profile=$2 build=${3:-$src/build}
case $set/$profile in
attacks/default) s=80-escape-default ;;
attacks/strict) s=81-escape-strict ;;
attacks/control) s=82-escape-control ;;
attacks/offline) s=87-escape-offline ;;
attacks/dev) s=88-escape-dev ;;
legit/default) s=83-legit-default ;;
legit/strict) s=84-legit-strict ;;
*) echo "one.sh: no $set scenario for profile $profile" >&2; exit 2 ;;
esac
results=$(mktemp -d)
# Every attack under offline and dev (else only the network and resource ones run there).
CCSBX_VM_ONLY="^$s\$" CCSBX_ESCAPE_ONLY=$pattern CCSBX_ESCAPE_ALL=1 \
        CCSBX_VM_UNIT_TESTS=$(ls "$build"/tests/unit/test-agent-landlock 2>/dev/null || true) \
        bash "$src/tests/vm/suite.sh" boot "$results"
echo "--- $s"
cat "$results/$s.tap" 2>/dev/null || echo "no results: see $results/vm.out and $results/console.log"
echo "(results kept in $results)"
[ "$(cat "$results/$s.status" 2>/dev/null)" = 0 ]
