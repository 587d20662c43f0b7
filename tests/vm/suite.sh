#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The VM suite, host side, for meson:
#   suite.sh boot RESULTS_DIR   build the .deb, build or reuse the image with it installed, boot it
#                               once running every scenario in tests/vm/scenarios, split the TAP
#                               into RESULTS_DIR/NAME.tap; its own TAP says whether that worked
#   suite.sh show RESULTS_DIR NAME
#                               print one scenario's TAP (one meson test per scenario)
#   suite.sh harness RESULTS_DIR
#                               check the harness itself: a failing and a hanging payload
# CCSBX_VM_KVM=1 uses KVM instead of TCG; CCSBX_VM_CACHE moves the image cache; CCSBX_VM_ONLY=REGEX
# runs only the scenarios whose names match (for development; the suite's other tests then fail).
# CCSBX_ESCAPE_ALL=1 runs every attack under offline and dev too (else only the network and resource
# attacks there: see tests/escape/README.md).
set -u
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)

if [ "${1:-}" = harness ]; then
        # The harness's own failure modes (a failing and a hanging payload), on the image vm-boot made.
        image=$(cat "$2/image" 2>/dev/null)
        [ -f "$image" ] || { echo "Bail out! no image: the VM run (test vm-boot) did not make one"; exit 1; }
        exec "$here/harness-test.sh" "$image"
fi

if [ "${1:-}" = show ]; then
        f=$2/$3.tap
        if [ ! -f "$f" ]; then
                echo "Bail out! no results for $3: the VM run (test vm-boot) did not produce them"
                exit 1
        fi
        cat "$f"
        # The guest's exit status for the scenario is authoritative too (a crash after "ok" lines).
        [ "$(cat "$2/$3.status" 2>/dev/null)" = 0 ]
        exit
fi

[ "${1:-}" = boot ] || { echo "usage: $0 boot RESULTS_DIR | show RESULTS_DIR NAME" >&2; exit 2; }
results=$2
rm -rf "$results"
mkdir -p "$results"
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

t=$(now)
deb=$("$src/tools/build-deb.sh" "$results/deb" 2>"$results/build-deb.log" | tail -n 1)
[ -f "$deb" ]
ok $? "built the .deb ($(basename "${deb:-none}"), $(since "$t")s)" || { tail -n 30 "$results/build-deb.log" | sed 's/^/# /'; echo "1..$n"; exit 1; }

t=$(now)
image=$("$here/build-image.sh" --deb "$deb" 2>"$results/build-image.log" | tail -n 1)
[ -f "$image" ]
ok $? "VM image with the .deb installed ($(since "$t")s, $(grep -c 'cache hit' "$results/build-image.log" >/dev/null && echo cached || echo built))" ||
        { tail -n 30 "$results/build-image.log" | sed 's/^/# /'; echo "1..$n"; exit 1; }

echo "$image" >"$results/image"

payload=$(mktemp -d)
trap 'rm -rf "$payload"' EXIT
cp "$here/scenarios/run.sh" "$payload/run.sh"
printf '%s' "${CCSBX_VM_ONLY:-}" >"$payload/only" # for development: run only matching scenarios
# Every attack under offline and dev too (scenarios 87, 88), not only the network and resource ones.
[ "${CCSBX_ESCAPE_ALL:-0}" = 1 ] && touch "$payload/escape-all"
printf '%s' "${CCSBX_ESCAPE_ONLY:-}" >"$payload/escape-only" # for development: only these definitions
cp "$deb" "$payload/ccsbx.deb" # for the reinstall scenario
mkdir "$payload/e2e"
cp -r "$src/tests/e2e/mock-api.py" "$src/tests/e2e/scripts" "$payload/e2e/"
cp -r "$src/tests/escape" "$payload/escape"
# Unit tests that need the VM's kernel (CCSBX_VM_UNIT_TESTS: their paths, from meson): the host
# runs them too, but its kernel may lack what they test (Landlock).
mkdir "$payload/unit"
for u in ${CCSBX_VM_UNIT_TESTS:-}; do cp "$u" "$payload/unit/"; done
mkdir "$payload/scenarios"
cp "$here"/scenarios/*.sh "$payload/scenarios/"
rm "$payload/scenarios/run.sh"

t=$(now)
kvm=()
[ "${CCSBX_VM_KVM:-0}" = 1 ] && kvm=(--kvm)
"$here/run-vm.sh" --image "$image" "${kvm[@]}" --timeout 4800 --console-log "$results/console.log" "$payload" >"$results/vm.out" 2>"$results/vm.err"
rc=$?
grep '^# vm:' "$results/vm.out"
# Split "# scenario-begin NAME" … "# scenario-end NAME STATUS TIME" into NAME.tap and NAME.status.
awk -v dir="$results" '
        /^# scenario-begin / { name = $3; file = dir "/" name ".tap"; printf "" > file; next }
        /^# scenario-end /   { print $4 > (dir "/" $3 ".status"); print "# guest time " $5 >> file; close(file); name = ""; next }
        name != ""           { print >> file }
' "$results/vm.out"
sed -n 's/^# report: \{0,1\}//p' "$results/89-escape-report.tap" >"$results/escape-report.md" 2>/dev/null
ran=$(ls "$results"/*.status 2>/dev/null | wc -l)
[ $rc != 125 ] && [ "$ran" -gt 0 ]
ok $? "VM booted and ran $ran scenarios ($(since "$t")s, guest exit $rc)" || {
        sed 's/^/# /' "$results/vm.err" | tail -n 45
        echo "1..$n"
        exit 1
}
echo "1..$n"
