#!/bin/bash
# The agent's Landlock domain, on the VM's kernel (Debian's, with Landlock): the unit test
# test-agent-landlock, built on the host and carried in the payload. The host runs it too, but
# the host's kernel may lack Landlock, and then can check only that installing the domain fails.
. "$(dirname "$0")/lib.sh"

grep -q landlock /sys/kernel/security/lsm
ok $? "Landlock is an active LSM in the VM's kernel ($(cat /sys/kernel/security/lsm))"
run_unit_test test-agent-landlock
[ "$(grep -c '^ok ' <<<"$unit_out")" -ge 8 ]
ok $? "test-agent-landlock ran its 8 checks"
done_testing
