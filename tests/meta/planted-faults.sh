#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Tests of the tests: each suite below goes red for the fault it exists to catch. A check that
# cannot fail proves nothing (tests/pam/exports.sh once grepped for "printf" in a build where
# -D_FORTIFY_SOURCE had made it __printf_chk).
#   planted-faults.sh SRC_ROOT
#
#   control   the unmodified tree passes every suite used below; otherwise red proves nothing
#   a         pam_ccsbx.so exports a debug function (pam_ccsbx.c and pam_ccsbx.map)
#                 -> test-pam-exports
#   b         pam_ccsbx.c prints (printf with an argument: __printf_chk under FORTIFY)
#                 -> test-pam-exports
#   c         the agent's seccomp filter loses its keyctl rule (launcher/agent-seccomp.c)
#                 -> test-agent-seccomp
#   d         network.mode = "none" renders no PrivateNetwork=yes (lib/unit-render.c)
#                 -> generator-fixtures and generator-security
#
# The control is a copy of SRC_ROOT's files (git ls-files, with the untracked files that are not
# ignored, so the copy is the tree as it is; no build dirs), set up with -Dbuildtype=debugoptimized
# (FORTIFY on, as in the plain build); only what the suites need is built. Each fault starts from a
# fresh copy of that control, source and build dir, put back at the same path (meson's build dir
# holds absolute paths), so only what the fault touches is rebuilt. The suites run exactly as meson
# registered them: command and environment from the build dir's meson-info/intro-tests.json.
#
# A fault is planted with sed; a sed that changes nothing is a failure of its own ("the code moved,
# update this script"), so this test cannot quietly turn into one that passes for nothing. A fault
# is caught when each of its suites exits non-zero with at least one "not ok" for a check that was
# not already "not ok" in the control; the diagnostics name those checks. generator-fixtures runs
# over 01-vendor-profiles and 03-network-modes only (the copy's other fixtures are removed): all of
# them take a minute or more here, and these two render network.mode = "none".
set -u
. "$(dirname "${BASH_SOURCE[0]}")/../lib/tap.sh"

[ $# = 1 ] || { echo "usage: $0 SRC_ROOT" >&2; exit 2; }
src=$(cd "$1" && pwd) || exit 1
for tool in git meson ninja python3; do
        command -v $tool >/dev/null || { echo "Bail out! $tool is not installed (build dependency)"; exit 1; }
done
git -C "$src" rev-parse --is-inside-work-tree >/dev/null 2>&1 ||
        { echo "Bail out! $src is not a git work tree: the copies are made of its git ls-files"; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/ccsbx-planted.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
start=$SECONDS
dir=$work/v # every variant, at the path the control's build dir was set up for
suites=(test-pam-exports test-agent-seccomp generator-fixtures generator-security)
fixtures_kept=(01-vendor-profiles 03-network-modes)

# The faults. Each plants with sed (see plant below); keep the patterns narrow.
fault_debug_export() {
        local fn='_public_ int pam_ccsbx_debug_dump(void)'
        plant pam/pam_ccsbx.c "/^#define _public_ /a $fn; $fn { return 0; }" &&
                plant pam/pam_ccsbx.map '/^global:/a \        pam_ccsbx_debug_dump;'
}
fault_printf() { # with an argument, or gcc makes it puts()
        plant pam/pam_ccsbx.c \
                '/^_public_ int pam_sm_open_session(/a \        printf("pam_ccsbx: %d arguments\\n", argc);'
}
fault_seccomp_keyctl() {
        plant launcher/agent-seccomp.c '/^[[:space:]]*DENY(keyctl,/d'
}
fault_private_network() {
        plant lib/unit-render.c '/^[[:space:]]*"PrivateNetwork=yes\\n"$/d'
}

# Applies a sed script to one file of the variant and shows the change; a no-op is a failure.
plant() { # FILE SED-SCRIPT
        local f=$dir/$1
        if [ ! -f "$f" ]; then
                echo "there is no $1 to plant the fault in (the code moved, update this script)"
                return 1
        fi
        cp "$f" "$work/before"
        sed -i -e "$2" "$f" || return 1
        if cmp -s "$work/before" "$f"; then
                echo "the sed changed nothing in $1 (the code moved, update this script): $2"
                return 1
        fi
        diff -u "$work/before" "$f" | sed -n '3,$ { /^[-+]/ s|^|planted in '"$1"': |p }'
}

prune_fixtures() {
        local d keep k
        for k in "${fixtures_kept[@]}"; do
                [ -d "$dir/tests/generator/$k" ] && continue
                echo "no fixture tests/generator/$k: update this script"
                return 1
        done
        for d in "$dir"/tests/generator/[0-9][0-9]-*/; do
                d=${d%/} keep=
                for k in "${fixtures_kept[@]}"; do [ "${d##*/}" = "$k" ] && keep=1; done
                [ -n "$keep" ] || rm -rf "$d"
        done
}

# meson's record of test NAME in the variant's build dir: "targets" prints the ninja targets it
# needs, "cmd" its command (with its environment and timeout) NUL-separated.
test_info() { # targets|cmd NAME
        python3 - "$dir/build" "$@" <<'EOF'
import json, os, sys
build, what, name = sys.argv[1:]
info = os.path.join(build, 'meson-info')
tests = [t for t in json.load(open(os.path.join(info, 'intro-tests.json'))) if t['name'] == name]
if len(tests) != 1:
        sys.exit(f'meson has {len(tests)} tests named {name} (update this script)')
t = tests[0]
if what == 'targets':
        targets = {x['id']: x['filename'] for x in json.load(open(os.path.join(info, 'intro-targets.json')))}
        for d in t['depends']:
                for f in targets[d]:
                        print(os.path.relpath(f, build))
else:
        env = [f'{k}={v}' for k, v in t['env'].items()]
        cmd = ['timeout', str(t['timeout'] or 300), 'env'] + env + t['cmd']
        sys.stdout.write(''.join(a + '\0' for a in cmd))
EOF
}

build() { # TEST...: ninja for what these tests need
        local t list targets=()
        for t; do
                list=$(test_info targets "$t" 2>&1) || { echo "$list"; return 1; }
                mapfile -t -O ${#targets[@]} targets <<<"$list"
        done
        if ! ninja -C "$dir/build" "${targets[@]}" >"$work/ninja.log" 2>&1; then
                echo "ninja ${targets[*]} failed:"
                tail -n 20 "$work/ninja.log"
                return 1
        fi
}

# Runs test NAME as meson would; $out is its TAP, $rc its exit status. Fails if there is no such test.
run_test() { # NAME
        local cmd
        mapfile -d '' cmd < <(test_info cmd "$1" 2>&1)
        [ ${#cmd[@]} -gt 3 ] || { printf '%s\n' "${cmd[@]}"; return 1; }
        out=$(cd "$dir/build" && "${cmd[@]}" 2>&1)
        rc=$?
}

# The unmodified copy: each suite exits 0 with at least one "ok" and no "not ok". What is red here
# anyway is kept, so that a fault is not credited with it.
expect_green() { # TEST...
        local t failed=0
        for t; do
                run_test "$t" || { failed=1; continue; }
                sed -n 's/^not ok [0-9]*\( - \)\{0,1\}//p' <<<"$out" >"$work/control-red.$t"
                if [ "$rc" = 0 ] && [ ! -s "$work/control-red.$t" ] && grep -q '^ok' <<<"$out"; then
                        echo "$t: passes, $(grep -c '^ok' <<<"$out") checks"
                else
                        echo "$t: fails on the unmodified tree (exit $rc):"
                        grep -E '^(not ok|Bail out!|1\.\.0)' -A 2 <<<"$out" | head -n 20
                        failed=1
                fi
        done
        return $failed
}

expect_red() { # TEST...
        local t new failed=0
        for t; do
                run_test "$t" || { failed=1; continue; }
                # The "not ok" lines that the control did not have, each with its first diagnostics
                # (of a diff, the changed lines).
                new=$(awk -v ctl="$work/control-red.$t" '
                        BEGIN { while ((getline l < ctl) > 0) old[l] = 1 }
                        /^not ok/ { d = $0; sub(/^not ok [0-9]*( - )?/, "", d); more = 0
                                    if (!(d in old)) { print; more = 3; indiff = 0 }
                                    next }
                        more > 0 && /^# diff / { n = split($NF, p, "/"); print "# " p[n] ":"; indiff = 1
                                                 next }
                        more > 0 && /^#/ { if ($0 ~ /^# (--- |\+\+\+ )/) indiff = 1
                                           else if (!indiff || $0 ~ /^# [-+]/) { print; more-- }
                                           next }
                        { more = 0 }' <<<"$out")
                if [ "$rc" != 0 ] && grep -q '^not ok' <<<"$new"; then
                        echo "$t: red (exit $rc), $(grep -c '^not ok' <<<"$new") of" \
                                "$(grep -cE '^(not )?ok' <<<"$out") checks:"
                        head -n 15 <<<"$new"
                else
                        echo "$t: did not catch it (exit $rc, no \"not ok\" that the control did not have)"
                        failed=1
                fi
                if [ -s "$work/control-red.$t" ]; then
                        echo "$t: not counted, as red in the control too:" \
                                "$(wc -l <"$work/control-red.$t") of its checks"
                fi
        done
        return $failed
}

# One check per fault: a fresh copy of the control, the fault, the rebuild, its suites.
fault() { # DESCRIPTION PLANTER TEST...
        local desc=$1 planter=$2 t0=$SECONDS
        shift 2
        if [ ! -d "$work/control" ]; then
                ok 1 "$desc"
                echo "the control did not build: nothing to plant the fault in" | diag
                return
        fi
        rm -rf "$dir"
        cp -a "$work/control" "$dir"
        { $planter && build "$@" && expect_red "$@"; } >"$work/diag" 2>&1
        ok $? "$desc"
        diag <"$work/diag"
        echo "($((SECONDS - t0)) s)" | diag
}

copy_tree() { # git ls-files of $src, without files deleted but not yet committed
        mkdir "$dir" &&
                git -C "$src" ls-files -z --cached --others --exclude-standard |
                (cd "$src" && while IFS= read -r -d '' f; do
                        [ -e "$f" ] || [ -L "$f" ] && printf '%s\0' "$f"
                done) |
                        (cd "$src" && xargs -0 cp -a --parents -t "$dir")
}

setup() {
        meson setup "$dir/build" "$dir" -Dbuildtype=debugoptimized >"$work/setup.log" 2>&1 && return 0
        echo "meson setup failed:"
        tail -n 20 "$work/setup.log"
        return 1
}

t0=$SECONDS
{ copy_tree && prune_fixtures && setup && build "${suites[@]}" && cp -a "$dir" "$work/control" &&
        expect_green "${suites[@]}"; } >"$work/diag" 2>&1
ok $? "control: the unmodified tree passes ${suites[*]}"
diag <"$work/diag"
echo "($((SECONDS - t0)) s)" | diag

fault "a: an exported debug function in pam_ccsbx.so turns test-pam-exports red" \
        fault_debug_export test-pam-exports
fault "b: a printf in pam_ccsbx.so (FORTIFY: __printf_chk) turns test-pam-exports red" \
        fault_printf test-pam-exports
fault "c: the agent's seccomp filter without its keyctl rule turns test-agent-seccomp red" \
        fault_seccomp_keyctl test-agent-seccomp
fault "d: network.mode = \"none\" without PrivateNetwork=yes turns generator-fixtures and generator-security red" \
        fault_private_network generator-fixtures generator-security

echo "# $((SECONDS - start)) s in all"
done_testing
