#!/bin/bash
# The agent's Landlock domain, on the VM's kernel (Debian's, with Landlock): the unit test
# test-agent-landlock, built on the host and carried in the payload. The host runs it too, but
# the host's kernel may lack Landlock, and then can check only that installing the domain fails.
. "$(dirname "$0")/lib.sh"

t=$payload_dir/unit/test-agent-landlock
if [ ! -x "$t" ]; then
        ok 1 "test-agent-landlock is in the payload (run the VM suite from meson, which passes CCSBX_VM_UNIT_TESTS)"
        done_testing
        exit
fi
grep -q landlock /sys/kernel/security/lsm
ok $? "Landlock is an active LSM in the VM's kernel ($(cat /sys/kernel/security/lsm))"
# Its TAP, renumbered into this scenario's.
out=$("$t" 2>&1)
rc=$?
while IFS= read -r line; do
        case $line in
        "ok "*) ok 0 "${line#ok [0-9]* - }" ;;
        "not ok "*) ok 1 "${line#not ok [0-9]* - }" ;;
        "1..0"*) ok 1 "test-agent-landlock skipped: $line" ;;
        "#"*) echo "$line" ;;
        esac
done <<<"$out"
[ "$rc" = 0 ]
ok $? "test-agent-landlock exited 0 (got $rc)"
[ "$(grep -c '^ok ' <<<"$out")" -ge 8 ]
ok $? "test-agent-landlock ran its 8 checks"
done_testing
