#!/bin/sh
# Smoke test of the VM image: the system parts every ccsbx VM test relies on.
# TAP goes to the results channel; a failed check makes the exit status 1.
exec 3>"${CCSBX_RESULTS:-/dev/stdout}"
n=0 failed=0
check() {
        desc=$1; shift
        n=$((n + 1))
        if "$@"; then echo "ok $n - $desc" >&3; else echo "not ok $n - $desc" >&3; failed=1; fi
}

echo 1..4 >&3
check "systemd is PID 1" test "$(cat /proc/1/comm)" = systemd
check "cgroup v2 is mounted" test -e /sys/fs/cgroup/cgroup.controllers
check "polkitd is active" systemctl is-active --quiet polkit
check "the test users exist (alice, uid 1001)" test "$(id -u alice)" = 1001
exit $failed
