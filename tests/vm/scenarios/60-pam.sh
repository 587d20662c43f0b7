#!/bin/bash
# pam_ccsbx in the real stack: a profile with access.max_per_user = 1 lets alice run one task and
# refuses her second with a reason she reads in the unit's journal, while bob's task still runs; a
# profile for group ccsbx-web refuses alice with a reason; the session sets the login uid to the
# owner; and an admin's pam_time rule in /etc/pam.d/ccsbx refuses alice but not bob.
. "$(dirname "$0")/lib.sh"
here=$(dirname "$0")/../..
scripts=$here/e2e/scripts
port=18086
log=/tmp/mock60.log

e2e_setup $port alice bob
cat >/etc/ccsbx/pam-one.conf <<'CONF'
description = "pam_ccsbx test: one task per user";
inherit = "e2e";
access = { max_per_user = 1; };
CONF
cat >/etc/ccsbx/pam-web.conf <<'CONF'
description = "pam_ccsbx test: group ccsbx-web only";
inherit = "e2e";
access = { groups = ["ccsbx-web"]; };
CONF
getent group ccsbx-web >/dev/null || groupadd -r ccsbx-web
# The login uid needs CAP_AUDIT_CONTROL, which the units leave out (see ccsbx.conf(5)); an admin
# who wants it adds it with a drop-in, as here for pam-one only.
mkdir -p /etc/systemd/system/ccsbx-pam-one@.service.d
printf '[Service]\nCapabilityBoundingSet=CAP_AUDIT_CONTROL\n' >/etc/systemd/system/ccsbx-pam-one@.service.d/loginuid.conf
systemctl daemon-reload
check "ccsbx-pam-one@.service and ccsbx-pam-web@.service were generated" \
        systemctl cat ccsbx-pam-one@.service ccsbx-pam-web@.service
check "pam_ccsbx.so is installed" test -f "$(dirname "$(find /usr/lib -name pam_unix.so | head -n 1)")/pam_ccsbx.so"
check "/etc/pam.d/ccsbx uses pam_ccsbx for account and session" \
        bash -c "grep -Eq '^account +required +pam_ccsbx.so' /etc/pam.d/ccsbx && grep -Eq '^session +required +pam_ccsbx.so' /etc/pam.d/ccsbx"

mock_start $port $log "$scripts/hello.json" --script-for mock-pam-long="$scripts/pam-sleep.json"
ok $? "the mock API listens on 127.0.0.1:$port" || { done_testing; exit 1; }

# Refused units: wait for the end, then what root and the owner read about them.
refused() { # UNIT
        systemctl start "$1" 2>/dev/null
        wait_unit_done "$1" 120
        [ "$(systemctl show -P Result "$1")" != success ]
}
journal_has() { # WHO UNIT TEXT
        local out
        if [ "$1" = root ]; then
                out=$(journalctl --no-pager -o cat -u "$2" 2>&1)
        else
                out=$(runuser -u "$1" -- journalctl --no-pager -o cat -u "$2" 2>&1)
        fi
        grep -qF -- "$3" <<<"$out" && return 0
        printf '%s\n' "$out" | tail -n 6 | diag
        return 1
}

# (a) max_per_user = 1: alice's first task runs (its Bash step sleeps 25 s), her second is refused.
new_task alice long1 /home/alice/pam1 mock-pam-long <<<'max_turns = 5;'
new_task alice long2 /home/alice/pam2 mock-pam-long <<<'max_turns = 5;'
new_task bob other /home/bob/pam mock-hello <<<'max_turns = 5;'
u1=ccsbx-pam-one@alice:long1.service u2=ccsbx-pam-one@alice:long2.service ub=ccsbx-pam-one@bob:other.service
systemctl start --no-block "$u1"
for _ in $(seq 240); do [ "$(systemctl show -P ActiveState "$u1")" = active ] && break; sleep 0.25; done
state=$(systemctl show -P ActiveState "$u1")
[ "$state" = active ]
ok $? "alice's first task of profile pam-one runs (ActiveState=$state)" || unit_diag "$u1"

pid=$(systemctl show -P MainPID "$u1")
luid=$(cat "/proc/$pid/loginuid" 2>/dev/null)
[ "$luid" = "$(id -u alice)" ]
ok $? "with CAP_AUDIT_CONTROL from a drop-in, the session set the login uid of the task to alice's ($luid)"
grep -q "pam_ccsbx(ccsbx:session)" <(journalctl --no-pager -o cat -u "$u1" 2>&1) && rc=1 || rc=0
ok $rc "pam_ccsbx logged no session problem for the running task"

refused "$u2"
ok $? "alice's second task of profile pam-one is refused while the first runs"
reason="alice already runs 1 ccsbx task (max_per_user = 1 in profile pam-one): $u1; stop one with systemctl stop UNIT"
journal_has root "$u2" "$reason"
ok $? "the unit's journal gives the reason (root reads it): $reason"
journal_has root "$u2" "pam_ccsbx(ccsbx:account): $reason"
ok $? "pam_ccsbx logged it too (pam_syslog, for the admins)"
journal_has alice "$u2" "$reason"
ok $? "alice reads the reason in her refused unit's journal"
msg=$(runuser -u alice -- systemctl status --no-pager -n 20 "$u2" 2>&1)
grep -qF "max_per_user = 1" <<<"$msg"
ok $? "alice sees the reason in systemctl status" || printf '%s\n' "$msg" | tail -n 8 | diag

systemctl start "$ub"
wait_unit_done "$ub" 300
result=$(systemctl show -P Result "$ub")
[ "$result" = success ]
ok $? "bob's task of profile pam-one runs meanwhile: the limit is per user (Result=$result)" || unit_diag "$ub"
state=$(systemctl show -P ActiveState "$u1")
[ "$state" = active ]
ok $? "alice's first task was still running all that time (ActiveState=$state)"
wait_unit_done "$u1" 300
result=$(systemctl show -P Result "$u1")
[ "$result" = success ] && [ "$(cat /home/alice/pam1/pam-long.txt 2>/dev/null)" = pam-long-done ]
ok $? "alice's first task finished its work (Result=$result)" || unit_diag "$u1"
systemctl reset-failed "$u2" 2>/dev/null
systemctl start "$u2"
wait_unit_done "$u2" 300
result=$(systemctl show -P Result "$u2")
[ "$result" = success ]
ok $? "once the first has ended, alice's second task runs (Result=$result)" || unit_diag "$u2"

# (b) a profile for group ccsbx-web only.
new_task alice web /home/alice/pamweb mock-hello <<<'max_turns = 5;'
uw=ccsbx-pam-web@alice:web.service
refused "$uw"
ok $? "profile pam-web (access.groups = ccsbx-web) refuses alice"
reason="profile pam-web is only for members of group ccsbx-web; alice is not"
journal_has root "$uw" "$reason"
ok $? "the unit's journal gives the reason (root reads it): $reason"
journal_has alice "$uw" "$reason"
ok $? "alice reads the reason in her refused unit's journal"

# (c) the admin stacks pam_time: no ccsbx tasks for alice at any time; bob is not affected.
cp /etc/pam.d/ccsbx /tmp/pam.d-ccsbx.saved
cp /etc/security/time.conf /tmp/time.conf.saved 2>/dev/null || : >/tmp/time.conf.saved
echo "account  required   pam_time.so" >>/etc/pam.d/ccsbx
echo 'ccsbx;*;alice;!Al0000-2400' >>/etc/security/time.conf
new_task alice timed /home/alice/pamtime mock-hello <<<'max_turns = 5;'
new_task bob timed /home/bob/pamtime mock-hello <<<'max_turns = 5;'
ut=ccsbx-e2e@alice:timed.service
refused "$ut"
ok $? "with pam_time denying ccsbx for alice, her task is refused"
journal_has root "$ut" "PAM refused alice for profile e2e"
ok $? "the unit's journal says PAM refused alice"
ubt=ccsbx-e2e@bob:timed.service
systemctl start "$ubt"
wait_unit_done "$ubt" 300
result=$(systemctl show -P Result "$ubt")
[ "$result" = success ]
ok $? "bob's task passes the same stack and runs (Result=$result)" || unit_diag "$ubt"
cp /tmp/pam.d-ccsbx.saved /etc/pam.d/ccsbx
cp /tmp/time.conf.saved /etc/security/time.conf
systemctl reset-failed "$ut" 2>/dev/null
systemctl start "$ut"
wait_unit_done "$ut" 300
result=$(systemctl show -P Result "$ut")
[ "$result" = success ]
ok $? "with the stack restored, alice's task runs again (Result=$result)" || unit_diag "$ut"

kill $mock 2>/dev/null
rm -f /etc/ccsbx/pam-one.conf /etc/ccsbx/pam-web.conf
rm -rf /etc/systemd/system/ccsbx-pam-one@.service.d
e2e_teardown
done_testing
