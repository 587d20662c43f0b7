#!/bin/bash
# Who reads what on a shared host: alice's task entries in the journal are hers and the admins'
# (group ccsbx-admin, through the journal ACLs of the package's tmpfiles.d), not bob's or carol's;
# bob cannot list or read alice's agent home, the task layouts or her (private) workspace.
. "$(dirname "$0")/lib.sh"
scenario_start=$(uptime_s)

# alice's task gets as far as making her agent home, then stops on a credentials file that is not
# private (prepare refuses it); the launcher logs that as root and, for her, as alice.
runuser -u alice -- mkdir -p -m 0700 /home/alice/.config/ccsbx/tasks /home/alice/secret-proj
echo "alice-secret" | runuser -u alice -- tee /home/alice/secret-proj/notes.txt >/dev/null
printf 'prompt = "hi";\nworkdir = "/home/alice/secret-proj";\n' | task_file alice jr
mkdir -p /etc/ccsbx/credentials
install -m 0644 /dev/null /etc/ccsbx/credentials/alice.env
jr=ccsbx@alice:jr.service
runuser -u alice -- ccsbx start --no-block "$jr"
sleep 1
wait_unit_done "$jr" 90 || echo "# $jr still runs"
rm -r /etc/ccsbx/credentials
journalctl --sync 2>/dev/null || true
home=$(stat -c '%U %a' /var/lib/ccsbx/home/alice/jr 2>&1)
[ "$home" = "alice 700" ]
ok $? "prepare made alice's agent home for the task ($home)" || unit_diag "$jr"

n_alice=$(runuser -u alice -- journalctl --no-pager -o cat _SYSTEMD_UNIT="$jr" 2>/dev/null | grep -c "credentials/alice.env")
[ "$n_alice" -ge 1 ]
ok $? "alice reads her task's refusal in the journal ($n_alice entries)" || unit_diag "$jr"
n_bob=$(runuser -u bob -- journalctl --no-pager -o cat _SYSTEMD_UNIT="$jr" 2>/dev/null | wc -l)
[ "$n_bob" = 0 ]
ok $? "bob reads none of alice's task entries ($n_bob)"
n_bob=$(runuser -u bob -- journalctl --no-pager -o cat UNIT="$jr" 2>/dev/null | wc -l)
[ "$n_bob" = 0 ]
ok $? "bob reads none of systemd's lines about her unit either ($n_bob)"
n_carol=$(runuser -u carol -- journalctl --no-pager -o cat _SYSTEMD_UNIT="$jr" 2>/dev/null | wc -l)
[ "$n_carol" = 0 ]
ok $? "carol reads none of them ($n_carol)"
n_dave=$(runuser -u dave -- journalctl --no-pager -o cat _SYSTEMD_UNIT="$jr" _UID=1001 2>/dev/null | grep -c "credentials/alice.env")
[ "$n_dave" -ge 1 ]
ok $? "dave (ccsbx-admin) reads the entries alice's task logged as alice ($n_dave)"
n_dave=$(runuser -u dave -- journalctl --no-pager -o cat UNIT="$jr" _PID=1 2>/dev/null | wc -l)
[ "$n_dave" -ge 1 ]
ok $? "dave reads what systemd logged about alice's unit ($n_dave entries from PID 1)"
n_dave=$(runuser -u dave -- journalctl --no-pager -o cat -b _COMM=polkitd 2>/dev/null | wc -l)
[ "$n_dave" -ge 1 ]
ok $? "dave reads the system's own entries (polkitd: $n_dave)"
ls -la /var/log/journal/*/ 2>/dev/null | head -n 6 | diag
# The same with volatile storage: journald writes to /run/log/journal until the next flush.
journalctl --relinquish-var
logger -t ccsbx-polkit-test "volatile-marker"
journalctl --sync
in_run=$(ls /run/log/journal/*/*.journal 2>/dev/null | wc -l)
n_dave=$(runuser -u dave -- journalctl --no-pager -o cat -t ccsbx-polkit-test 2>/dev/null | grep -c volatile-marker)
n_bob=$(runuser -u bob -- journalctl --no-pager -o cat -t ccsbx-polkit-test 2>/dev/null | grep -c volatile-marker)
[ "$in_run" -ge 1 ] && [ "$n_dave" = 1 ] && [ "$n_bob" = 0 ]
ok $? "volatile journal (/run/log/journal, $in_run files): dave reads a new system entry ($n_dave), bob does not ($n_bob)"
journalctl --flush

check "bob cannot list the agent homes" bash -c '! runuser -u bob -- ls /var/lib/ccsbx/home >/dev/null 2>&1'
check "bob cannot list alice's agent homes" bash -c '! runuser -u bob -- ls /var/lib/ccsbx/home/alice >/dev/null 2>&1'
check "bob cannot list alice's agent home for the task" bash -c '! runuser -u bob -- ls /var/lib/ccsbx/home/alice/jr >/dev/null 2>&1'
check "bob cannot list the task layouts" bash -c '! runuser -u bob -- ls /run/ccsbx/tasks >/dev/null 2>&1'
check "bob cannot list alice's workspace" bash -c '! runuser -u bob -- ls /home/alice/secret-proj >/dev/null 2>&1'
check "bob cannot read alice's workspace" bash -c '! runuser -u bob -- cat /home/alice/secret-proj/notes.txt >/dev/null 2>&1'
echo "# /home/alice is $(stat -c '%a %U' /home/alice) (useradd's default); her workspace $(stat -c '%a' /home/alice/secret-proj)"

systemctl reset-failed "$jr" 2>/dev/null
echo "# scenario took $(elapsed_since "$scenario_start")s"
done_testing
