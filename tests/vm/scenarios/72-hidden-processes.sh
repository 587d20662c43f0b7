#!/bin/bash
# What another user sees of a running task's processes through systemd and /proc: on a default
# host bob reads the agent's command line and the commands it runs (systemctl status,
# GetUnitProcesses, /proc/PID/cmdline); with the setup the README recommends (/proc mounted with
# hidepid=invisible and a gid= group that polkitd is in, and examples/ccsbx-hide-processes.conf
# in /etc/dbus-1/system.d) he reads nothing of them, the admins still get the process list from
# systemd, and alice still stops and starts her tasks (polkit still reads her processes).
. "$(dirname "$0")/lib.sh"
here=$(dirname "$0")/../..
scripts=$here/e2e/scripts
port=18087
log=/tmp/mock72.log
policy=/usr/share/doc/ccsbx/examples/ccsbx-hide-processes.conf

e2e_setup $port alice
# A Bash step long enough for both looks (alice stops the task after them).
cat >/tmp/hide-sleep.json <<'JSON'
[
  {"tool_use": {"name": "Bash", "input": {"command": "python3 -c 'import time; time.sleep(240)'",
                                           "description": "Stay busy while others look", "timeout": 300000}}},
  {"text": "Done."}
]
JSON
mock_start $port $log "$scripts/hello.json" --script-for mock-hide=/tmp/hide-sleep.json
ok $? "the mock API listens on 127.0.0.1:$port" || { done_testing; exit 1; }
check "the package ships the D-Bus policy example ($policy)" test -s "$policy"

# What bob sees of UNIT (whose cgroup is CG): systemctl status, the GetUnitProcesses call that it
# makes, and the command lines of the processes the (world-readable) cgroup lists.
bob_sees() { # UNIT CG
        runuser -u bob -- systemctl status --no-pager -l "$1" 2>&1
        echo "--- GetUnitProcesses"
        runuser -u bob -- busctl call org.freedesktop.systemd1 /org/freedesktop/systemd1 \
                org.freedesktop.systemd1.Manager GetUnitProcesses s "$1" 2>&1
        echo "--- /proc"
        # shellcheck disable=SC2046 # the PIDs, one word each
        runuser -u bob -- bash -c 'for p; do tr "\0" " " </proc/$p/cmdline; echo; done 2>&1' _ \
                $(cat "/sys/fs/cgroup$2/cgroup.procs" 2>/dev/null)
}

new_task alice hide /home/alice/hideproj mock-hide <<<'max_turns = 5;'
unit=ccsbx-e2e@alice:hide.service
runuser -u alice -- ccsbx start --no-block "$unit"
# Until the agent's Bash step runs (python3 -c 'import time; time.sleep(240)').
st=
for _ in $(seq 480); do
        st=$(systemctl show -P StatusText "$unit")
        [[ $st == "turn "*": Bash" ]] && break
        case $(systemctl show -P ActiveState "$unit") in active | activating) ;; *) break ;; esac
        sleep 0.25
done
cg=$(systemctl show -P ControlGroup "$unit")
# The step's own process (the agent's shell makes its snapshot first).
for _ in $(seq 240); do
        grep -qs 'time.sleep(240)' /dev/null $(sed 's|^|/proc/|; s|$|/cmdline|' "/sys/fs/cgroup$cg/cgroup.procs" 2>/dev/null) && break
        sleep 0.25
done
[[ $st == "turn "*": Bash" ]] && [ -n "$cg" ] && pgrep -f 'time.sleep\(240\)' >/dev/null
ok $? "alice's task runs its Bash step ($st), its python3 among the unit's processes" || unit_diag "$unit"

# A default host: bob sees the step's command in all three.
seen=$(bob_sees "$unit" "$cg")
by_status=$(sed -n '1,/^--- GetUnitProcesses$/p' <<<"$seen")
by_call=$(sed -n '/^--- GetUnitProcesses$/,/^--- \/proc$/p' <<<"$seen")
by_proc=$(sed -n '/^--- \/proc$/,$p' <<<"$seen")
grep -q 'time.sleep(240)' <<<"$by_status" && grep -q 'time.sleep(240)' <<<"$by_call" && grep -q 'time.sleep(240)' <<<"$by_proc"
ok $? "on a default host bob reads alice's agent's command in systemctl status, GetUnitProcesses and /proc" ||
        printf '%s\n' "$seen" | cut -c1-160 | head -n 30 | diag

# The recommended setup, while the task runs.
getent group ccsbx-procview >/dev/null || groupadd -r ccsbx-procview
usermod -aG ccsbx-procview polkitd
systemctl restart polkit
gid=$(getent group ccsbx-procview | cut -d: -f3)
mount -o remount,hidepid=invisible,gid="$gid" /proc
install -m 0644 "$policy" /etc/dbus-1/system.d/ccsbx-hide-processes.conf
systemctl reload dbus
check "/proc is mounted with hidepid=invisible,gid=$gid" grep -qE "^proc /proc proc .*hidepid=invisible" /proc/self/mounts

seen=$(bob_sees "$unit" "$cg")
! grep -qE 'time\.sleep|claude|bash -c' <<<"$seen"
ok $? "with it bob reads nothing of the task's processes (systemctl status, GetUnitProcesses, /proc)" ||
        printf '%s\n' "$seen" | cut -c1-160 | head -n 30 | diag
grep -q 'Access denied' <<<"$seen" && grep -qF 'ccsbx-e2e@alice:hide.service - ' <<<"$seen" &&
        grep -q 'Active: active' <<<"$seen"
ok $? "bob's GetUnitProcesses is denied, and he still sees the unit and its state" ||
        printf '%s\n' "$seen" | head -n 12 | diag
out=$(runuser -u dave -- busctl call org.freedesktop.systemd1 /org/freedesktop/systemd1 \
        org.freedesktop.systemd1.Manager GetUnitProcesses s "$unit" 2>&1)
grep -q 'time.sleep(240)' <<<"$out"
ok $? "dave (ccsbx-admin) still gets the process list from systemd (so the step still ran while bob looked)" ||
        printf '%s\n' "$out" | head -n 5 | diag

# ccsbx-control still knows alice by her socket's credentials: she stops this task, and a start
# of another one is made (it fails later, in prepare: there is no such task file); polkit still
# judges her by her processes: her reset-failed of it is allowed.
out=$(runuser -u alice -- ccsbx stop "$unit" 2>&1)
rc=$?
[ $rc = 0 ] && [ "$(systemctl show -P ActiveState "$unit")" != active ]
ok $? "alice stops her task with ccsbx stop under hidepid" || printf 'rc %s: %s\n' "$rc" "$out" | diag
out=$(runuser -u alice -- ccsbx start ccsbx-e2e@alice:no-such-task.service 2>&1)
rc=$?
[ $rc = 1 ] && grep -q "^Job for ccsbx-e2e@alice:no-such-task.service failed" <<<"$out" &&
        [ "$(systemctl show -P Result ccsbx-e2e@alice:no-such-task.service)" != success ]
ok $? "alice's ccsbx start of another task is made (it fails in prepare: exit 1)" || printf 'rc %s: %s\n' "$rc" "$out" | diag
out=$(runuser -u alice -- systemctl --no-ask-password reset-failed ccsbx-e2e@alice:no-such-task.service 2>&1)
ok $? "polkit judges alice's reset-failed of it under hidepid (allowed)" || printf '%s\n' "$out" | diag
systemctl reset-failed ccsbx-e2e@alice:no-such-task.service "$unit" 2>/dev/null

# Back to a default host for the scenarios after this one.
rm -f /etc/dbus-1/system.d/ccsbx-hide-processes.conf
systemctl reload dbus
mount -o remount,hidepid=off /proc
gpasswd -d polkitd ccsbx-procview >/dev/null
systemctl restart polkit
rm -f /tmp/hide-sleep.json
e2e_teardown
done_testing
