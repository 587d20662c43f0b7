#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The agent's seccomp filter on the VM's kernel (Debian 12's): the unit test test-agent-seccomp,
# built on the host and carried in the payload, with every ABI it checks required to work here
# (CCSBX_SECCOMP_ABI_REQUIRED=1). The host runs it too, but a host kernel may lack an ABI (the
# i386 one through int $0x80), and then that check is no check of the host's run.
. "$(dirname "$0")/lib.sh"

# As root, as the host's suites run it, with module autoloading off: its calls without the filter
# would load modules (SCTP, L2TP), and SCTP, once loaded here, does not unload again, which would
# spoil attack 39 (module autoload) for the escape scenarios after this one. Without the module
# such a call fails with EPROTONOSUPPORT instead, which is all the test needs of it (with the filter
# the call never reaches the kernel).
before=$(cut -d' ' -f1 /proc/modules | sort)
modprobe_path=$(cat /proc/sys/kernel/modprobe)
echo /bin/false >/proc/sys/kernel/modprobe
run_unit_test test-agent-seccomp CCSBX_SECCOMP_ABI_REQUIRED=1
echo "$modprobe_path" >/proc/sys/kernel/modprobe
left=$(comm -13 <(printf '%s\n' "$before") <(cut -d' ' -f1 /proc/modules | sort))
[ -z "$left" ]
ok $? "it loaded no module${left:+ (loaded: $left)}"
grep -q '^ok [0-9]* - getpid() through the i386 ABI' <<<"$unit_out"
ok $? "the i386 ABI check ran and passed on this kernel"
done_testing
