#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The agent's seccomp filter on the VM's kernel (Debian 12's): the unit test test-agent-seccomp,
# built on the host and carried in the payload, with every ABI it checks required to work here
# (CCSBX_SECCOMP_ABI_REQUIRED=1). The host runs it too, but a host kernel may lack an ABI (the
# i386 one through int $0x80), and then that check is no check of the host's run.
. "$(dirname "$0")/lib.sh"

t=$payload_dir/unit/test-agent-seccomp
if [ ! -x "$t" ]; then
        ok 1 "test-agent-seccomp is in the payload (run the VM suite from meson, which passes CCSBX_VM_UNIT_TESTS)"
        done_testing
        exit
fi
# Its TAP, renumbered into this scenario's; as root, as the host's suites run it.
out=$(CCSBX_SECCOMP_ABI_REQUIRED=1 timeout 300 "$t" 2>&1)
rc=$?
while IFS= read -r line; do
        case $line in
        "ok "*) ok 0 "${line#ok [0-9]* - }" ;;
        "not ok "*) ok 1 "${line#not ok [0-9]* - }" ;;
        "1..0"*) ok 1 "test-agent-seccomp skipped: $line" ;;
        "#"*) echo "$line" ;;
        esac
done <<<"$out"
[ "$rc" = 0 ]
ok $? "test-agent-seccomp exited 0 (got $rc)"
grep -q '^ok [0-9]* - getpid() through the i386 ABI' <<<"$out"
ok $? "the i386 ABI check ran and passed on this kernel"
done_testing
