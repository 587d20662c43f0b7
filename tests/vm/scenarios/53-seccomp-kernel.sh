#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The agent's seccomp filter on the VM's kernel (Debian 12's): the unit test test-agent-seccomp,
# built on the host and carried in the payload, with every ABI it checks required to work here
# (CCSBX_SECCOMP_ABI_REQUIRED=1). The host runs it too, but a host kernel may lack an ABI (the
# i386 one through int $0x80), and then that check is no check of the host's run.
. "$(dirname "$0")/lib.sh"

# As root, as the host's suites run it. Its calls without the filter load modules (SCTP, for one):
# unload what it loaded, so that later scenarios (attack 39) find the kernel as the boot left it.
before=$(cut -d' ' -f1 /proc/modules | sort)
run_unit_test test-agent-seccomp CCSBX_SECCOMP_ABI_REQUIRED=1
loaded=$(comm -13 <(printf '%s\n' "$before") <(cut -d' ' -f1 /proc/modules | sort))
echo "# modules it loaded: ${loaded:-none}"
# One at a time, a few rounds: a module in use by another of them goes once that one is gone.
for _ in 1 2 3 4; do
        for m in $loaded; do grep -q "^$m " /proc/modules && rmmod "$m" 2>/dev/null; done
done
left=$(comm -13 <(printf '%s\n' "$before") <(cut -d' ' -f1 /proc/modules | sort))
[ -z "$left" ]
ok $? "the modules it loaded are unloaded again${left:+ (left: $left)}"
grep -q '^ok [0-9]* - getpid() through the i386 ABI' <<<"$unit_out"
ok $? "the i386 ABI check ran and passed on this kernel"
done_testing
