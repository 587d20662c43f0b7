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
. "$src/tests/lib/tap.sh"
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

t=$(now)
# CCSBX_VM_DEB: a .deb built already (for development: skips the build).
if [ -n "${CCSBX_VM_DEB:-}" ]; then
        deb=$CCSBX_VM_DEB
else
        # nocheck: the package build would rerun the unit tests that the host suites ran already.
        deb=$(DEB_BUILD_OPTIONS=nocheck "$src/tools/build-deb.sh" "$results/deb" 2>"$results/build-deb.log" | tail -n 1)
fi
t_deb=$(since "$t")
[ -f "$deb" ]
ok $? "built the .deb ($(basename "${deb:-none}"), ${t_deb}s)" || { tail -n 30 "$results/build-deb.log" | sed 's/^/# /'; echo "1..$tap_n"; exit 1; }

t=$(now)
image=$("$here/build-image.sh" --deb "$deb" 2>"$results/build-image.log" | tail -n 1)
t_image=$(since "$t")
[ -f "$image" ]
ok $? "VM image with the .deb's dependencies (${t_image}s, $(grep -c 'cache hit' "$results/build-image.log" >/dev/null && echo cached || echo built))" ||
        { tail -n 30 "$results/build-image.log" | sed 's/^/# /'; echo "1..$tap_n"; exit 1; }

echo "$image" >"$results/image"

# Results of the control run (scenario 82: every attack with no sandbox) depend only on the attacks,
# the harness, the image (its recipe: the agent's version, Debian's packages) and the package's
# non-code files that shape the host (tmpfiles, sysusers, polkit, PAM, maintainer scripts), never on
# the launcher or the generator. A passing run is kept under a hash of all of these and reused
# until one of them changes (CCSBX_VM_NO_CACHE=1 reruns it).
control=82-escape-control
control_key=$(cd "$src" && {
        basename "$image"
        git ls-files -co --exclude-standard -- tests/escape tests/e2e/mock-api.py tests/lib tests/vm/scenarios/lib.sh \
                tests/vm/scenarios/$control.sh tests/vm/guest-run.sh tests/vm/run-vm.sh tmpfiles sysusers polkit \
                pam/ccsbx.pam 'packaging/debian/*.post*' 'packaging/debian/*.pre*' | sort | xargs sha256sum
} | sha256sum | cut -c1-16)
control_cache=${CCSBX_VM_CACHE:-/var/cache/ccsbx-vm}/control/$control_key

payload=$(mktemp -d)
trap 'rm -rf "$payload"' EXIT
# The tree's layout (tests/...), so that every script finds its neighbours as it does in the tree.
(cd "$src" && git ls-files -co --exclude-standard -z -- tests/lib tests/vm/scenarios tests/vm/scenarios.txt tests/escape \
        tests/e2e/mock-api.py tests/e2e/scripts tests/egress | xargs -0 cp --parents -t "$payload")
cp "$here/guest-run.sh" "$payload/run.sh"
# Every scenario file is in the list, or it would silently never run.
missing=$(cd "$here/scenarios" && for f in [0-9][0-9]-*.sh; do grep -qx "${f%.sh}" "$here/scenarios.txt" || echo "$f"; done)
[ -z "$missing" ]
ok $? "every scenario in tests/vm/scenarios is in tests/vm/scenarios.txt${missing:+ (missing: $missing)}"
printf '%s' "${CCSBX_VM_ONLY:-}" >"$payload/only" # for development: run only matching scenarios
# Every attack under offline and dev too (scenarios 87, 88), not only the network and resource ones.
[ "${CCSBX_ESCAPE_ALL:-0}" = 1 ] && touch "$payload/tests/escape-all"
printf '%s' "${CCSBX_ESCAPE_ONLY:-}" >"$payload/tests/escape-only" # for development: only these definitions
# A planted fault, to show that a step the agent never ran is "invalid", not "blocked": the agent
# is handed a harmless command instead of the matching definitions' steps.
printf '%s' "${CCSBX_ESCAPE_DROP:-}" >"$payload/tests/escape-drop"
cp "$deb" "$payload/ccsbx.deb"
if [ -z "${CCSBX_ESCAPE_ONLY:-}${CCSBX_ESCAPE_DROP:-}" ] && [ "${CCSBX_VM_NO_CACHE:-0}" != 1 ] &&
   [ -s "$control_cache/$control.tap" ] && [ -s "$control_cache/attacks-control.tsv" ]; then
        echo "$control" >"$payload/cached"
        mkdir "$payload/cached-escape"
        cp "$control_cache/attacks-control.tsv" "$payload/cached-escape/"
        { echo "# cached: the control run's results under key $control_key ($(date -r "$control_cache/$control.tap" -u +%FT%TZ)):"
          echo "# nothing they depend on changed since (see suite.sh; CCSBX_VM_NO_CACHE=1 reruns it)"
          cat "$control_cache/$control.tap"; } >"$results/$control.tap"
        echo 0 >"$results/$control.status"
        echo "# control run: cached ($control_key)"
else
        echo "# control run: runs in the VM (no passing run cached under $control_key)"
fi
# Unit tests that need the VM's kernel (CCSBX_VM_UNIT_TESTS: their paths, from meson): the host
# runs them too, but its kernel may lack what they test (Landlock).
mkdir "$payload/unit"
for u in ${CCSBX_VM_UNIT_TESTS:-}; do cp "$u" "$payload/unit/"; done

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
# The escape results (run.sh's .tsv files), sent as "# tsv NAME.tsv LINE" outside the scenarios.
mkdir -p "$results/escape"
awk -v dir="$results/escape" '/^# tsv [a-z-]+\.tsv\t/ { f = $3; sub(/^# tsv [a-z-]+\.tsv\t/, ""); print > (dir "/" f) }' "$results/vm.out"
if [ ! -s "$payload/cached" ] && [ "$(cat "$results/$control.status" 2>/dev/null)" = 0 ] &&
   [ -z "${CCSBX_ESCAPE_ONLY:-}${CCSBX_ESCAPE_DROP:-}" ] && [ -s "$results/escape/attacks-control.tsv" ]; then
        mkdir -p "$control_cache.tmp.$$" &&
                cp "$results/$control.tap" "$results/escape/attacks-control.tsv" "$control_cache.tmp.$$/" &&
                rm -rf "$control_cache" && mv "$control_cache.tmp.$$" "$control_cache"
fi
# Phases for tools/test-all.sh's table: NAME SECONDS.
{
        echo "build .deb $t_deb"
        echo "VM image $t_image"
        echo "boot and scenarios $(since "$t")"
        sed -n 's/^# scenario-end \([^ ]*\) [0-9]* \([0-9.]*\)s$/  \1 \2/p' "$results/vm.out"
} >"$results/phases.txt"
ran=$(ls "$results"/*.status 2>/dev/null | wc -l)
[ $rc != 125 ] && [ "$ran" -gt 0 ]
ok $? "VM booted and ran $ran scenarios ($(since "$t")s, guest exit $rc)" || {
        sed 's/^/# /' "$results/vm.err" | tail -n 45
        echo "1..$tap_n"
        exit 1
}
echo "1..$tap_n"
