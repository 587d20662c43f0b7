#!/bin/bash
# A broken profile in /etc/ccsbx plus daemon-reload: the other units stay, the kernel log names
# file:line and what is wrong, and "ccsbx-generator --check" exits 1 with the same message. A
# profile edited without daemon-reload: its unit refuses tasks until the reload, and says so.
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

# One view of a profile per boot: the unit carries the hash of the profile it was made from.
hash_of() { "$gen" --dump extra | python3 -c 'import json, sys; print(json.load(sys.stdin)["hash"])'; }
h1=$(hash_of)
unit_env=$(systemctl show -P Environment ccsbx-extra@alice:edit.service)
[ -n "$h1" ] && [ "$unit_env" = "CCSBX_PROFILE_HASH=$h1" ]
ok $? "the unit carries the profile's hash ($unit_env), as ccsbx-generator --dump gives it ($h1)"
printf 'limits = { memory = "1G"; };\n' >>/etc/ccsbx/extra.conf
h2=$(hash_of)
[ -n "$h2" ] && [ "$h2" != "$h1" ] && [ "$("$gen" --dump extra | python3 -c 'import json, sys; print(json.load(sys.stdin)["limits.memory"])')" = 1073741824 ]
ok $? "after an edit, --dump shows the new limits.memory and another hash ($h2)"
unit=ccsbx-extra@alice:edit.service
systemctl start "$unit" 2>/dev/null
msg=$(journalctl -b --no-pager -o cat -u "$unit" 2>&1; systemctl status --no-pager -l -n 20 "$unit" 2>&1)
[ "$(systemctl show -P ActiveState "$unit")" = failed ] &&
        grep -qF 'Profile extra (/etc/ccsbx/extra.conf) changed since the last daemon-reload; run "systemctl daemon-reload"; refusing.' <<<"$msg"
ok $? "without daemon-reload, a task of the edited profile is refused, and systemctl status says to reload" ||
        printf '%s\n' "$msg" | tail -n 12 | diag
refusals=$(journalctl -b --no-pager -o cat -u "$unit" 2>&1 | grep -c 'changed since the last daemon-reload')
systemctl reset-failed "$unit"
systemctl daemon-reload
systemctl start "$unit" 2>/dev/null
msg=$(journalctl -b --no-pager -o cat -u "$unit" 2>&1)
[ "$(systemctl show -P Environment "$unit")" = "CCSBX_PROFILE_HASH=$h2" ] &&
        [ "$(grep -c 'changed since the last daemon-reload' <<<"$msg")" = "$refusals" ] && grep -q "Cannot read task file" <<<"$msg"
ok $? "after daemon-reload the unit has the new hash, and prepare goes on to the task file (alice has none here)" ||
        printf '%s\n' "$msg" | tail -n 8 | diag
systemctl reset-failed "$unit"

rm -f /etc/ccsbx/broken.conf /etc/ccsbx/extra.conf
systemctl daemon-reload
check "after removing it, --check exits 0" "$gen" --check
done_testing
