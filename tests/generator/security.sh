#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Exposure scores of the vendor profiles' units and of ccsbx-control@.service, from
# "systemd-analyze security --offline=yes".
# Thresholds only ever go down: raise the bar here when the units get tighter, never lower it.
# The one exception, by decision (issue "seams", item 10): +0.6 each for CAP_SYS_ADMIN in the
# bounding set, mount(2) in the allow list and RestrictNamespaces=pid mnt, which ccsbx-launch run
# needs to give the agent a PID namespace with its own /proc, so that it cannot name the owner's
# processes outside the sandbox (systemd 252 has no PrivatePIDs=). See lib/unit-render.c
# (launcher_caps) and the README.
set -u
# shellcheck source-path=SCRIPTDIR source=../lib/tap.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/tap.sh"

gen=$1 profiles=$2 slice=$3 launcher=$4
# ccsbx-egress@.service and ccsbx-dev-egress@.service: the egress proxies of default and dev, which
# start as root to send their entries to the owner's journal (lib/unit-render-egress.c) and need
# the host's network.
declare -A max=([ccsbx-strict@.service]=2.1 [ccsbx@.service]=2.1 [ccsbx-offline@.service]=2.1 [ccsbx-dev@.service]=2.1
                [ccsbx-control@.service]=0.7 [ccsbx-egress@.service]=2.0 [ccsbx-dev-egress@.service]=2.0)

command -v systemd-analyze >/dev/null || skip_all "systemd-analyze not installed"
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/root/usr/lib/ccsbx" "$work/root/etc" "$work/out"
cp "$profiles"/*.conf "$work/root/usr/lib/ccsbx/"
echo "nameserver 127.0.0.53" >"$work/root/etc/resolv.conf"
CCSBX_ROOT=$work/root CCSBX_LOG=console "$gen" "$work/out" || { echo "Bail out! generator failed"; exit 1; }
cp "$slice" "$work/out/"
# ccsbx-control's request handler (units/, beside the slice) too: it runs as root.
cp "$(dirname "$slice")/ccsbx-control@.service" "$work/out/"
sed -i -E -e "s|$launcher|/usr/bin/true|" -e "s#(/usr(/local)?)?/libexec/ccsbx/ccsbx-(control|egress)#/usr/bin/true#" \
        "$work/out"/*.service

for unit in "${!max[@]}"; do
        score=$(cd "$work/out" && systemd-analyze security --offline=yes --no-pager "./$unit" 2>&1 |
                sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
        [ -n "$score" ] && awk -v s="$score" -v m="${max[$unit]}" 'BEGIN { exit !(s <= m) }'
        ok $? "$unit exposure ${score:-unknown} (at most ${max[$unit]})"
done
done_testing
