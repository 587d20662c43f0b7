#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# One VM scenario of the escape suite: SET (attacks or legit) under PROFILE (a vendor profile, or
# "control": no sandbox), as TAP, one check per definition. Results stay in RESULTS for the report.
#   scenario.sh SET PROFILE [BUDGET]
# BUDGET: seconds run.sh may take (the scenario's vm-timeout less time for the verdicts), so that
# a stuck agent costs its batch, not the whole scenario and its results.
# Under a profile, an attack passes when it was blocked, or escaped as a known gap says it does
# (gaps need the egress proxy; see README.md). In the control run it passes when it escaped: an
# attack that fails without a sandbox proves nothing. Legitimate work passes when it was done.
# "blocked" and "done" need evidence that the step ran (run.sh); without it the verdict is
# "invalid", which fails.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../vm/scenarios/lib.sh"
. "$here/env.sh"
set=$1 profile=$2
export ESC_BUDGET=${3:-}
RESULTS=/var/tmp/ccsbx-escape-results
mkdir -p "$RESULTS"

# Under offline and dev, run.sh runs only the network and resource attacks (CCSBX_ESCAPE_ALL=1:
# all): the others are default's, because these profiles are default's but for the network mode,
# the limits and the size of /tmp. Check that this still holds, in the profile and in the unit.
if [ "$set" = attacks ] && { [ "$profile" = offline ] || [ "$profile" = dev ]; } && [ ! -e "$here/../escape-all" ]; then
        # The vendor profile, resolved (ccsbx-generator --dump), against default: the keys whose
        # values differ.
        gen_bin=/usr/lib/systemd/system-generators/ccsbx-generator
        [ -x "$gen_bin" ] || gen_bin=/lib/systemd/system-generators/ccsbx-generator
        keys=$(python3 -c '
import json, subprocess, sys
a, b = (json.loads(subprocess.run([sys.argv[1], "--dump", n], check=True, capture_output=True).stdout) for n in sys.argv[2:4])
print(" ".join(k for k in a if k not in ("name", "path", "hash") and a[k] != b.get(k)))' "$gen_bin" default "$profile")
        bad=$(tr ' ' '\n' <<<"$keys" | grep -vxE 'description|inherit|network\.[a-z_]+|limits\.[a-z_]+|filesystem\.tmp_size')
        [ -n "$keys" ] && [ -z "$bad" ]
        ok $? "$profile's profile is default's but for its network, limits and filesystem.tmp_size (differs in: $keys)" ||
                echo "# other settings: $bad"
        # Its unit against default's: the lines that differ, but for the profile's name.
        gen=/run/systemd/generator
        other=$(diff <(grep -v '^#' "$gen/ccsbx@.service") \
                <(grep -v '^#' "$gen/ccsbx-$profile@.service" | sed -e "s/^LogExtraFields=CCSBX_PROFILE=$profile\$/LogExtraFields=CCSBX_PROFILE=default/" \
                        -e "s/ $profile %i\$/ default %i/" -e "s/=ccsbx-$profile-egress@/=ccsbx-egress@/") |
                sed -n 's/^[<>] //p' | grep -vE '^Environment=CCSBX_PROFILE_HASH=[0-9a-f]+$|^(Description|SourcePath|PrivateNetwork|IPAddressDeny|IPAddressAllow|MemoryMax|MemoryHigh|MemorySwapMax|CPUQuota|TasksMax|RuntimeMaxSec|LimitNOFILE)=|^TemporaryFileSystem=/dev/shm:mode=1777,nosuid,nodev,size=[0-9]+[KMGT]?$|^(JoinsNamespaceOf|Requires|After)=ccsbx-egress@%i\.socket$')
        [ -s "$gen/ccsbx-$profile@.service" ] && [ -z "$other" ]
        ok $? "ccsbx-$profile@.service is ccsbx@.service but for network (the egress socket's included), limit and /dev/shm size directives" ||
                printf '%s\n' "$other" | head -n 10 | diag
        # A resource attack whose depends= lines are default's is not run again (run.sh): each of
        # those keys must be a directive this systemd knows, or a typo would make every unit "the same".
        known=$(/lib/systemd/systemd --dump-configuration-items 2>/dev/null | sed -n 's/^\([A-Za-z]*\)=.*/\1/p' | sort -u)
        unknown=
        for def in "$here"/attacks/[0-9]*.sh; do
                deps=$(. "$def"; echo "${depends:-}")
                for k in $deps; do grep -qxF "$k" <<<"$known" || unknown+=" ${def##*/}:$k"; done
        done
        [ -n "$known" ] && [ -z "$unknown" ]
        ok $? "every depends= key of the attacks is a directive of this systemd" || echo "# unknown:$unknown"
fi

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
        */skip) na="${na:+$na }$name"; continue ;;
        */same) same="${same:+$same }$name"; continue ;;
        */same-strict) same_strict="${same_strict:+$same_strict }$name"; continue ;;
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
[ -z "${same:-}" ] || echo "# not run under $profile, as under default (scenario 80): $same"
[ -z "${same_strict:-}" ] || echo "# not run under $profile, as under strict (scenario 81; its network settings are strict's): $same_strict"
[ -z "${na:-}" ] || echo "# not applicable under $profile (their applies() says so): $na"
done_testing
