#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Why the legitimate work is not rerun under offline and dev in the VM: a mechanical check that
# each of their units (as the escape suite makes them, escape-PROFILE, from the vendor profiles)
# differs from a unit the work did pass under only where that cannot make the work fail:
#   - a line of escape-default's unit, or (offline: network.mode none) a network line of
#     escape-strict's, under which the same definitions apply (they depend on the mode alone);
#   - a limit at least as large as default's (MemoryMax=, TasksMax=, ..., the size of /dev/shm).
# dev has default's network mode ("proxy"; only its allow list, which is not in the unit, is
# longer), so every legitimate definition applies under dev exactly when it does under default.
# If this fails, either run the work under that profile in the VM again (tests/vm/scenarios.txt)
# or make the profile fit again.
#   coverage.sh GENERATOR PROFILES_DIR
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
gen=$1 profiles=$2
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
. "$here/env.sh"

mkdir -p "$work/root/usr/lib/ccsbx" "$work/root/etc/ccsbx" "$work/out"
cp "$profiles"/*.conf "$work/root/usr/lib/ccsbx/"
echo "nameserver 10.77.0.9" >"$work/root/etc/resolv.conf" # as env.sh sets it in the VM
escape_profiles "$work/root/etc/ccsbx"
CCSBX_ROOT=$work/root CCSBX_LOG=console "$gen" "$work/out" "$work/out" "$work/out" 2>"$work/gen.log"
for p in default strict offline dev; do
        [ -s "$work/out/ccsbx-escape-$p@.service" ]
        ok $? "the generator made ccsbx-escape-$p@.service" || diag <"$work/gen.log"
done

# A unit's settings, one "Key=Value" a line, the profile's own name, description and hash taken out.
settings() { # PROFILE
        grep -vE '^(#|\[|$)|^(Description|SourcePath)=|^Environment=CCSBX_PROFILE_HASH=[0-9a-f]+$' "$work/out/ccsbx-escape-$1@.service" |
                sed -e "s/escape-$1\\b/escape-P/g"
}
size() { # VALUE -> bytes (or the number itself), infinity as a huge number
        awk -v v="$1" 'BEGIN { if (v == "infinity") { print 2^62; exit }
                n = v + 0; u = substr(v, length(v)); m = 1
                if (u == "K") m = 2^10; else if (u == "M") m = 2^20; else if (u == "G") m = 2^30; else if (u == "T") m = 2^40
                printf "%.0f\n", n * m }'
}
limit_keys='MemoryMax|MemoryHigh|MemorySwapMax|CPUQuota|TasksMax|RuntimeMaxSec|LimitNOFILE'
# The egress proxy's socket, which a proxy-mode unit joins and needs, counts as network.
network_keys='PrivateNetwork|IPAddressDeny|IPAddressAllow|RestrictAddressFamilies|JoinsNamespaceOf|Requires'
settings default >"$work/default"
settings strict >"$work/strict"
for p in offline dev; do
        settings "$p" >"$work/$p"
        bad=
        while IFS= read -r line; do
                key=${line%%=*} val=${line#*=}
                grep -qxF -- "$line" "$work/default" && continue
                if [[ $key =~ ^($limit_keys)$ ]]; then
                        dval=$(sed -n "s/^$key=//p" "$work/default")
                        [ -n "$dval" ] && [ "$(size "${val%\%}")" -ge "$(size "${dval%\%}")" ] && continue
                elif [[ $line =~ ^TemporaryFileSystem=/dev/shm:(.*,)?size=([0-9]+[KMGT]?)$ ]]; then
                        want=${BASH_REMATCH[2]}
                        dline=$(grep '^TemporaryFileSystem=/dev/shm:' "$work/default")
                        [[ $dline =~ size=([0-9]+[KMGT]?)$ ]] && [ "${line%size=*}" = "${dline%size=*}" ] &&
                                [ "$(size "$want")" -ge "$(size "${BASH_REMATCH[1]}")" ] && continue
                elif [[ $key =~ ^($network_keys)$ ]]; then
                        [ "$p" = offline ] && grep -qxF -- "$line" "$work/strict" && continue
                fi
                bad="$bad$line"$'\n'
        done <"$work/$p"
        # What default has and this unit lacks: only network lines its own network lines replace.
        while IFS= read -r line; do
                key=${line%%=*}
                grep -qE "^$key=" "$work/$p" && continue
                [[ $key =~ ^($network_keys)$ ]] && continue
                bad="${bad}(missing) $line"$'\n'
        done <"$work/default"
        [ -z "$bad" ]
        ok $? "ccsbx-escape-$p@.service differs from escape-default's only in larger limits and covered network lines" ||
                printf '%s' "$bad" | diag
done
# offline's network lines are strict's, all of them.
diff <(grep -E "^($network_keys)=" "$work/offline") <(grep -E "^($network_keys)=" "$work/strict") >"$work/net.diff"
ok $? "offline's network settings are strict's" || diag <"$work/net.diff"

# dev's network mode is default's: the legitimate work applies alike (see the top).
mode_of() { "$gen" --dump "$1" 2>/dev/null | python3 -c 'import json, sys; print(json.load(sys.stdin)["network.mode"])'; }
dm=$(CCSBX_ROOT=$work/root mode_of escape-default) vm=$(CCSBX_ROOT=$work/root mode_of escape-dev)
[ -n "$dm" ] && [ "$dm" = "$vm" ]
ok $? "escape-dev has escape-default's network mode (${vm:-?} and ${dm:-?})"
done_testing
