#!/bin/bash
# limits.disk: the project quota that prepare puts on the workspace and the agent home. A test
# agent (a shell script, under the launcher's own seccomp filter) writes past a 20 MiB allowance
# in both, and tries to take its files out of the project; afterwards alice writes freely again.
# Two tasks at once in one workspace share a project, lifted when the last one ends.
# A workspace on a filesystem without project quotas, or with a directory of another user that
# others may write to, refuses the task; limits.disk = "infinity" is the admin's way out.
. "$(dirname "$0")/lib.sh"

e2e_setup 18058 alice

cat >/usr/local/bin/ccsbx-test-disk-agent <<'AGENT'
#!/bin/bash
# Runs as alice in the sandbox, cwd /workspace. Findings go to report.txt (after freeing space).
{
        echo "projid-ws $(lsattr -p -d . 2>&1 | awk '{print $1}')"
        echo "projid-home $(lsattr -p -d "$HOME" 2>&1 | awk '{print $1}')"
        echo "ws-dd $(dd if=/dev/zero of=big bs=1M count=60 2>&1 | grep -v records)"
        echo "ws-size $(stat -c %s big)"
        rm -f big
        echo "home-dd $(dd if=/dev/zero of="$HOME/big" bs=1M count=60 2>&1 | grep -v records)"
        echo "home-size $(stat -c %s "$HOME/big")"
        rm -f "$HOME/big"
        mkdir -p sub && : >sub/f
        echo "sub-projid $(lsattr -p sub/f 2>&1 | awk '{print $1}')"
        echo "chattr-p $({ chattr -p 0 sub/f 2>&1; echo "rc=$?"; } | tr '\n' ' ')"
        echo "chattr-P $({ chattr -P sub 2>&1; echo "rc=$?"; } | tr '\n' ' ')"
        echo "files $(for i in $(seq 1 3000); do : 2>/dev/null >"sub/n$i" || { echo "$i $(touch sub/again 2>&1)"; break; }; done)"
        rm -rf sub
} >report.tmp 2>&1
mv report.tmp report.txt
echo '{"type":"result","subtype":"success","is_error":false,"result":"disk test done","num_turns":1}'
AGENT
chmod 0755 /usr/local/bin/ccsbx-test-disk-agent
# Two tasks in one workspace: each (its name is its prompt, which an agent reads on stdin) waits
# at most 60 s for release-NAME there, then writes 60 MiB.
cat >/usr/local/bin/ccsbx-test-share-agent <<'AGENT'
#!/bin/bash
t=$(head -c 64 | tr -cd 'A-Za-z0-9')
: >"started-$t"
for _ in $(seq 600); do [ -e "release-$t" ] && break; sleep 0.1; done
# dd's report to the task's /tmp: in the workspace it would meet the full quota.
dd if=/dev/zero of="big-$t" bs=1M count=60 2>/tmp/dd.out >/dev/null
rm -f "big-$t"
cp /tmp/dd.out "dd-$t"
echo '{"type":"result","subtype":"success","is_error":false,"result":"done","num_turns":1}'
AGENT
chmod 0755 /usr/local/bin/ccsbx-test-share-agent
profile() { # NAME DISK [AGENT]
        cat >"/etc/ccsbx/$1.conf" <<CONF
description = "Test: limits.disk $2";
inherit = "default";
agent = { command = ["${3:-/usr/local/bin/ccsbx-test-disk-agent}"]; };
limits = { disk = "$2"; };
CONF
}
profile e2e-disk 20M
profile e2e-nodisk infinity
profile e2e-share 20M /usr/local/bin/ccsbx-test-share-agent
systemctl daemon-reload

run_task() { # UNIT
        systemctl start --no-block "$1"
        wait_unit_done "$1" 120
}

# --- Over the allowance ------------------------------------------------------------------------
unit=ccsbx-e2e-disk@alice:disk.service
runuser -u alice -- mkdir -p /home/alice/diskproj
runuser -u alice -- dd if=/dev/zero of=/home/alice/diskproj/existing bs=1M count=30 status=none
# 10000 small files already there: the walk must take every one into the project.
runuser -u alice -- python3 -c '
import os
for d in range(100):
    os.makedirs("/home/alice/diskproj/tree/%d" % d)
    for f in range(100):
        open("/home/alice/diskproj/tree/%d/%d" % (d, f), "w").close()'
printf 'prompt = "hi";\nworkdir = "/home/alice/diskproj";\ntimeout = "120s";\n' | task_file alice disk
run_task "$unit"
res=$(systemctl show -P Result "$unit")
report=$(cat /home/alice/diskproj/report.txt 2>/dev/null)
[ "$res" = success ] && [ -n "$report" ]
ok $? "a task with limits.disk = 20M runs (Result=$res)" || unit_diag "$unit"
printf '%s\n' "$report" | diag
grep -q '^ws-dd .*Disk quota exceeded' <<<"$report" &&
        size=$(sed -n 's/^ws-size //p' <<<"$report") && [ "$size" -ge $((15 << 20)) ] && [ "$size" -le $((21 << 20)) ]
ok $? "in the workspace, 60 MiB stops at the quota: EDQUOT after $((${size:-0} >> 20)) MiB (30 MiB there before do not count)"
grep -q '^home-dd .*Disk quota exceeded' <<<"$report" &&
        hsize=$(sed -n 's/^home-size //p' <<<"$report") && [ "$hsize" -le $((21 << 20)) ]
ok $? "in the agent home too: EDQUOT after $((${hsize:-0} >> 20)) MiB"
pid=$(sed -n 's/^projid-ws //p' <<<"$report")
[ -n "$pid" ] && [ "$pid" -ge $((0x63000000)) ] && [ "$pid" -lt $((0x64000000)) ] &&
        [ "$(sed -n 's/^projid-home //p' <<<"$report")" = "$pid" ] && [ "$(sed -n 's/^sub-projid //p' <<<"$report")" = "$pid" ]
ok $? "workspace, agent home and what the agent creates share the task's project ID ($pid)"
grep -q '^chattr-p .*Operation not permitted.*rc=1' <<<"$report"
ok $? "the agent cannot move a file to another project (chattr -p 0: EPERM)"
grep -q '^chattr-P .*Operation not permitted.*rc=1' <<<"$report"
ok $? "nor clear a directory's project-inherit flag (chattr -P: EPERM)"
# The inode allowance is the same share of the filesystem's inodes: 20 MiB of 4 GiB, 1/16 of its
# 262144 inodes (one per 16 KiB) less what the task already has.
nfiles=$(sed -n 's/^files \([0-9]*\) .*Disk quota exceeded.*/\1/p' <<<"$report")
[ -n "$nfiles" ] && [ "$nfiles" -gt 1000 ] && [ "$nfiles" -le 1400 ]
ok $? "new files stop at the inode allowance too: EDQUOT at file ${nfiles:-?} of 3000" || grep '^files' <<<"$report" | diag
msg=$(journalctl --no-pager -o cat -u "$unit")
grep -q "Disk quota on the filesystem of /home/alice/diskproj: project $pid uses 30 MiB .* may grow by 20 MiB" <<<"$msg"
ok $? "the journal says what the quota is" || grep -i quota <<<"$msg" | diag
tagged=$(sed -n 's/^limits.disk: \([0-9]*\) files and directories put into project.*/\1/p' <<<"$msg" | head -n 1)
[ "${tagged:-0}" -ge 10100 ]
ok $? "the walk put the workspace's 10000 files and 100 directories into the project (${tagged:-?} in all)" ||
        grep 'put into project' <<<"$msg" | diag
grep 'put into project' <<<"$msg" | head -n 1 | diag
[ ! -e /run/ccsbx/tasks/alice:disk ] && runuser -u alice -- dd if=/dev/zero of=/home/alice/diskproj/after bs=1M count=60 status=none
ok $? "after the task the quota is lifted: alice writes 60 MiB there herself"
# Cleanup took the task's files out of its project again: nothing left that a later task given
# the same ID would find in it (lsattr -p: the project of each inode).
left=$(lsattr -R -p /home/alice/diskproj /var/lib/ccsbx/home/alice/disk 2>/dev/null | awk -v p="$pid" '$1 == p' | wc -l)
[ "$left" = 0 ] && grep -q "files and directories taken out of project $pid" <<<"$(journalctl --no-pager -o cat -u "$unit")"
ok $? "cleanup took the task's files out of project $pid ($left left)" ||
        { lsattr -R -p /home/alice/diskproj 2>/dev/null | awk -v p="$pid" '$1 == p' | head -n 5; journalctl --no-pager -o cat -u "$unit" | grep -i project; } | diag
# The ID is random, not derived from the task's name: another user cannot know it beforehand
# (any owner may put her own files into any project).
run_task "$unit"
pid2=$(sed -n 's/^projid-ws //p' /home/alice/diskproj/report.txt 2>/dev/null)
[ -n "$pid2" ] && [ "$pid2" != "$pid" ]
ok $? "the same task run again gets another project ID ($pid, then ${pid2:-?})"
rm -rf /home/alice/diskproj

# --- Two tasks in one workspace share one project; the last to end lifts it ----------------------
ws=/home/alice/shareproj
runuser -u alice -- mkdir -p $ws
for t in shareA shareB; do
        printf 'prompt = "%s";\nworkdir = "%s";\ntimeout = "120s";\n' $t $ws | task_file alice $t
        systemctl start --no-block "ccsbx-e2e-share@alice:$t.service"
        for _ in $(seq 300); do [ -e $ws/started-$t ] && break; sleep 0.2; done
done
pa=$(cut -d' ' -f1 /run/ccsbx/tasks/alice:shareA/projid 2>/dev/null)
pb=$(cut -d' ' -f1 /run/ccsbx/tasks/alice:shareB/projid 2>/dev/null)
[ -e $ws/started-shareA ] && [ -e $ws/started-shareB ] && [ -n "$pa" ] && [ "$pa" = "$pb" ]
ok $? "two tasks at once in one workspace share one project ($pa, $pb)" || unit_diag ccsbx-e2e-share@alice:shareB.service
runuser -u alice -- touch $ws/release-shareB
wait_unit_done ccsbx-e2e-share@alice:shareB.service 60
runuser -u alice -- touch $ws/release-shareA
wait_unit_done ccsbx-e2e-share@alice:shareA.service 60
grep -q 'Disk quota exceeded' $ws/dd-shareB && grep -q 'Disk quota exceeded' $ws/dd-shareA
ok $? "both are bounded, the one still running after the other ended too" || {
        for t in shareA shareB; do echo "dd-$t: $(cat $ws/dd-$t 2>&1)"; done | diag
        ls -la $ws | diag
        unit_diag ccsbx-e2e-share@alice:shareA.service
}
runuser -u alice -- dd if=/dev/zero of=$ws/after bs=1M count=60 status=none
ok $? "after the last of them the quota is lifted: alice writes 60 MiB there herself"
rm -rf $ws

# --- Fail closed -------------------------------------------------------------------------------
mkdir -p /srv/nq && mount -t tmpfs -o size=64m tmpfs /srv/nq && mkdir /srv/nq/ws && chown alice:alice /srv/nq/ws
unit=ccsbx-e2e-disk@alice:noquota.service
printf 'prompt = "hi";\nworkdir = "/srv/nq/ws";\ntimeout = "120s";\n' | task_file alice noquota
run_task "$unit"
msg=$(runuser -u alice -- systemctl status --no-pager -l -n 30 "$unit" 2>&1)
[ "$(systemctl show -P ActiveState "$unit")" = failed ] && [ ! -e /srv/nq/ws/report.txt ]
ok $? "a workspace on a filesystem without project quotas (tmpfs) is refused, the agent never runs"
grep -q 'limits.disk of profile e2e-disk needs project quotas, which the filesystem of /srv/nq/ws does not have' <<<"$msg"
ok $? "alice reads why in systemctl status" || printf '%s\n' "$msg" | diag
[ ! -e /run/ccsbx/tasks/alice:noquota ]
ok $? "and no layout is left behind"

unit=ccsbx-e2e-nodisk@alice:noquota.service
run_task "$unit"
[ "$(systemctl show -P Result "$unit")" = success ] && grep -q '^ws-dd 62914560 bytes' /srv/nq/ws/report.txt
ok $? "with limits.disk = \"infinity\" the admin opts out: the same task runs, unbounded" ||
        { unit_diag "$unit"; diag </srv/nq/ws/report.txt; }
umount /srv/nq

runuser -u alice -- mkdir -p /home/alice/sharedproj
mkdir /home/alice/sharedproj/drop && chown bob:bob /home/alice/sharedproj/drop && chmod 0777 /home/alice/sharedproj/drop
unit=ccsbx-e2e-disk@alice:shared.service
printf 'prompt = "hi";\nworkdir = "/home/alice/sharedproj";\ntimeout = "120s";\n' | task_file alice shared
run_task "$unit"
msg=$(runuser -u alice -- systemctl status --no-pager -l -n 30 "$unit" 2>&1)
[ "$(systemctl show -P ActiveState "$unit")" = failed ] && [ ! -e /home/alice/sharedproj/report.txt ] &&
        grep -q '/home/alice/sharedproj/drop: a directory of another user that others may write to' <<<"$msg"
ok $? "a directory of bob's that anyone may write to in the workspace is refused, and alice reads why" ||
        printf '%s\n' "$msg" | diag
rm -rf /home/alice/sharedproj

rm -f /etc/ccsbx/e2e-disk.conf /etc/ccsbx/e2e-nodisk.conf /etc/ccsbx/e2e-share.conf /usr/local/bin/ccsbx-test-disk-agent \
        /usr/local/bin/ccsbx-test-share-agent
e2e_teardown
done_testing
