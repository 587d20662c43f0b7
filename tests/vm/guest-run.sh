#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Guest side of the VM suite (the payload's run.sh): run the scenarios of tests/vm/scenarios.txt in
# order, framing each one's TAP on the results channel (fd 3) so the host can split them into one
# TAP test per scenario. The payload keeps the tree's layout: tests/... beside ccsbx.deb and unit/.
#   only        CCSBX_VM_ONLY on the host: a grep -E pattern of scenario names (00-install always runs)
#   cached      scenarios the host has results for already (the control run, see suite.sh)
#   cached-escape/*.tsv   their escape results, for the report (scenario 89)
set -u
here=$(cd "$(dirname "$0")" && pwd)
status=0
only=$(cat "$here/only" 2>/dev/null)
cached=" $(tr '\n' ' ' 2>/dev/null <"$here/cached") "
if [ -d "$here/cached-escape" ]; then
        mkdir -p /var/tmp/ccsbx-escape-results
        cp "$here"/cached-escape/*.tsv /var/tmp/ccsbx-escape-results/ 2>/dev/null
fi
while read -r name; do
        case $name in '' | '#'*) continue ;; esac
        case $cached in *" $name "*) continue ;; esac
        [ "$name" != 00-install ] && [ -n "$only" ] && ! grep -qE "$only" <<<"$name" && continue
        s=$here/tests/vm/scenarios/$name.sh
        echo "# scenario-begin $name" >&3
        touch /tmp/scenario.mark
        start=$(cut -d' ' -f1 /proc/uptime)
        # A scenario may ask for more than 10 minutes with a line "# vm-timeout: SECONDS".
        t=$(sed -n 's/^# vm-timeout: \([0-9]*\)$/\1/p' "$s")
        timeout "${t:-600}" bash "$s" </dev/null >&3 2>/tmp/"$name".err
        rc=$?
        [ -s /tmp/"$name".err ] && sed "s/^/# stderr: /" /tmp/"$name".err | tail -n 20 >&3
        echo "# scenario-end $name $rc $(awk -v a="$start" -v b="$(cut -d' ' -f1 /proc/uptime)" 'BEGIN { printf "%.1f", b - a }')s" >&3
        # The escape results it wrote, for the host (the report, the control run's cache).
        for f in /var/tmp/ccsbx-escape-results/*.tsv; do
                [ "$f" -nt /tmp/scenario.mark ] && sed "s/^/# tsv ${f##*/}\t/" "$f" >&3
        done
        if [ $rc != 0 ]; then
                status=1
                # Nothing else can run without the package: their tests say "no results".
                [ "$name" = 00-install ] && break
        fi
done <"$here/tests/vm/scenarios.txt"
exit $status
