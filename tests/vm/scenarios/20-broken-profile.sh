#!/bin/bash
# A broken profile in /etc/ccsbx plus daemon-reload: the other units stay, the kernel log names
# file:line and what is wrong, and "ccsbx-generator --check" exits 1 with the same message.
. "$(dirname "$0")/lib.sh"
gen=/usr/lib/systemd/system-generators/ccsbx-generator
[ -x "$gen" ] || gen=/lib/systemd/system-generators/ccsbx-generator
msg="/etc/ccsbx/broken.conf:3: unknown key 'limits.memroy'"

cat >/etc/ccsbx/broken.conf <<'CONF'
description = "Typo in a key";
limits = {
        memroy = "1G";
};
CONF
cat >/etc/ccsbx/extra.conf <<'CONF'
description = "A valid profile next to the broken one";
inherit = "strict";
CONF
since=$(date '+%Y-%m-%d %H:%M:%S')
sleep 1
check "systemctl daemon-reload succeeds" systemctl daemon-reload

for unit in ccsbx@.service ccsbx-strict@.service ccsbx-extra@.service; do
        check "$unit is still (or newly) there" systemctl cat "$unit"
done
systemctl cat ccsbx-broken@.service >/dev/null 2>&1
[ $? != 0 ]
ok $? "no unit for the broken profile"

klog=$(journalctl -k --since "$since" --no-pager -o cat 2>&1)
grep -qF "$msg" <<<"$klog"
ok $? "kernel log has \"$msg\"" || { echo "kernel log since reload:"; printf '%s\n' "$klog" | tail -n 20; } | diag

out=$("$gen" --check 2>&1)
rc=$?
[ $rc = 1 ]
ok $? "ccsbx-generator --check exits 1 (got $rc)"
grep -qF "$msg" <<<"$out"
ok $? "ccsbx-generator --check prints the same message" || printf '%s\n' "$out" | diag

rm -f /etc/ccsbx/broken.conf /etc/ccsbx/extra.conf
systemctl daemon-reload
check "after removing it, --check exits 0" "$gen" --check
done_testing
