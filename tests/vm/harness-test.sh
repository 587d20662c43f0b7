#!/bin/bash
# TAP test of the VM harness itself: a passing, a failing and a hanging payload.
#
#   tests/vm/harness-test.sh IMAGE
set -u
here=$(cd "$(dirname "$0")" && pwd)
image=${1:?usage: $0 IMAGE}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mkdir "$tmp/fail" "$tmp/hang"
printf '#!/bin/sh\necho 1..1 >&3\necho "not ok 1 - fails on purpose" >&3\nexit 1\n' >"$tmp/fail/run.sh"
printf '#!/bin/sh\nsleep infinity\n' >"$tmp/hang/run.sh"
chmod +x "$tmp"/*/run.sh

# vm NAME PAYLOAD [ARGS...]: run the VM; its stdout, stderr and status land in $tmp/NAME.*
vm() {
        local name=$1 payload=$2; shift 2
        local rc=0
        "$here/run-vm.sh" --image "$image" "$@" "$payload" >"$tmp/$name.out" 2>"$tmp/$name.err" || rc=$?
        echo "$rc" >"$tmp/$name.rc"
        sed 's/^/# /' "$tmp/$name.out"
}
. "$here/../lib/tap.sh"
passes()   { [ "$(cat "$tmp/smoke.rc")" = 0 ] && [ "$(grep -c '^ok ' "$tmp/smoke.out")" = 4 ]; }
fails()    { [ "$(cat "$tmp/fail.rc")" = 1 ]; }
times_out() {
        [ "$(cat "$tmp/hang.rc")" = 125 ] &&
                grep -q '^Bail out! VM did not finish: timed out after 20s' "$tmp/hang.out" &&
                grep -q 'last 40 lines of the console log' "$tmp/hang.err"
}

vm smoke "$here/smoke"
check "smoke payload passes" passes
vm fail "$tmp/fail"
check "a failing payload's status comes back" fails
vm hang "$tmp/hang" --timeout 20
check "a hanging payload is stopped by --timeout" times_out
done_testing
