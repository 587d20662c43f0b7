#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# One VM scenario of the escape suite: SET (attacks or legit) under PROFILE (a vendor profile, or
# "control": no sandbox), as TAP, one check per definition. Results stay in RESULTS for the report.
#   scenario.sh SET PROFILE
# Under a profile, an attack passes when it was blocked, or escaped as a known gap says it does
# (gaps need the egress proxy; see README.md). In the control run it passes when it escaped: an
# attack that fails without a sandbox proves nothing. Legitimate work passes when it was done.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../scenarios/lib.sh"
. "$here/env.sh"
set=$1 profile=$2
RESULTS=/var/tmp/ccsbx-escape-results
mkdir -p "$RESULTS"

escape_env_up || { echo "Bail out! the escape tests' environment did not come up"; escape_env_down; exit 1; }
start=$(uptime_s)
bash "$here/run.sh" "$set" "$profile" "$RESULTS" | diag
echo "# $set under $profile took $(elapsed_since "$start")s"
escape_env_down

tsv=$RESULTS/$set-$profile.tsv
[ -s "$tsv" ]
ok $? "run.sh wrote its results ($tsv)" || exit 1
while IFS=$'\t' read -r name class verdict secs note; do
        label="$name ($class, ${secs}s) under $profile"
        case $set/$profile/$verdict in
        */skip) echo "ok $((n + 1)) - $label: $note # SKIP"; n=$((n + 1)) ;;
        legit/*/done) ok 0 "$label: done" ;;
        attacks/control/escaped | attacks/control/gap) ok 0 "$label: it works without a sandbox" ;;
        attacks/control/*) ok 1 "$label: it works without a sandbox (got: $verdict)" ;;
        attacks/*/blocked) ok 0 "$label: blocked" ;;
        attacks/*/gap) ok 0 "$label: escaped, a known gap: $note" ;;
        *) ok 1 "$label: $verdict" ;;
        esac || {
                printf '%s\n' "$note" | diag
                sed 's/^/out: /' "$RESULTS/$set-$profile/state/$name/out" 2>/dev/null | head -n 15 | diag
                sed 's/^/happened: /' "$RESULTS/$set-$profile/state/$name/happened.log" 2>/dev/null | head -n 5 | diag
                # What the agent's tool returned for it (the mock's record), when the output is empty.
                [ -s "$RESULTS/$set-$profile/state/$name/out" ] && [ "$(wc -c <"$RESULTS/$set-$profile/state/$name/out")" -gt 1 ] ||
                        cut -c1-300 "$RESULTS/$set-$profile"/*.results 2>/dev/null | head -n 4 | sed 's/^/tool results of the batch: /' | diag
        }
done <"$tsv"
done_testing
