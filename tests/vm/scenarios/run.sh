#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Guest side of the VM suite: run every scenario in order, framing each one's TAP on the results
# channel (fd 3) so the host can split them into one TAP test per scenario.
set -u
here=$(dirname "$0")
status=0
only=$(cat "$here/only" 2>/dev/null) # CCSBX_VM_ONLY on the host: a grep -E pattern of scenario names
for s in "$here"/scenarios/[0-9][0-9]-*.sh; do
        name=$(basename "$s" .sh)
        [ -n "$only" ] && ! grep -qE "$only" <<<"$name" && continue
        echo "# scenario-begin $name" >&3
        start=$(cut -d' ' -f1 /proc/uptime)
        # A scenario may ask for more than 10 minutes with a line "# vm-timeout: SECONDS".
        t=$(sed -n 's/^# vm-timeout: \([0-9]*\)$/\1/p' "$s")
        timeout "${t:-600}" bash "$s" >&3 2>/tmp/"$name".err
        rc=$?
        [ -s /tmp/"$name".err ] && sed "s/^/# stderr: /" /tmp/"$name".err | tail -n 20 >&3
        echo "# scenario-end $name $rc $(awk -v a="$start" -v b="$(cut -d' ' -f1 /proc/uptime)" 'BEGIN { printf "%.1f", b - a }')s" >&3
        [ $rc = 0 ] || status=1
done
exit $status
