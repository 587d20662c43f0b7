#!/bin/bash
# Who may do what to which unit, decided by the real polkitd with the package's rules: every user
# runs the real systemctl through runuser. Users start and stop their own sandboxes through
# ccsbx-control (job mode "replace"), which the end of this scenario checks. The matrix: subjects alice, bob (group ccsbx), carol
# (neither group) and dave (ccsbx-admin) × ten verbs × four targets (own instance, someone else's,
# own instance of another profile, a unit that is not ccsbx's), one TAP line per cell. Then names
# that try to pass for someone else's (case, no suffix, escapes, "..", an alias). Who reads what is
# 71-journal-access.
#
# A cell's outcome is read from systemctl's error text, not its exit status: "Access denied" is
# polkit's NO (the rules' explicit refusal), "Interactive authentication required" is polkit's
# challenge (nothing granted, so systemd's default for the action applied), anything else means
# polkit said yes (then the unit fails to start, or has nothing to kill, or is not running: fine).
. "$(dirname "$0")/lib.sh"
scenario_start=$(uptime_s)

polkit_journal() { journalctl --no-pager -b -o cat -u polkit.service; }

check "the package installed its rules as /usr/share/polkit-1/rules.d/60-ccsbx.rules" \
        test -f /usr/share/polkit-1/rules.d/60-ccsbx.rules
errors=$(polkit_journal | grep -i "error\|exception")
[ -z "$errors" ]
ok $? "polkitd loaded every rules file without an error" || printf '%s\n' "$errors" | diag
polkit_journal | grep "Finished loading" | tail -n 1 | diag

users="alice bob carol dave"
declare -A groups_of=([alice]=ccsbx [bob]=ccsbx [carol]=- [dave]=ccsbx-admin)
lifecycle=" reset-failed "
dummy=polkit-test-dummy.service

# The question is only who may; to keep it fast, the sandboxes do not really start during the
# matrix (a runtime drop-in makes them fail at once, in a step without sandboxing), and none of
# them is garbage-collected between cells: "kill" and "reset-failed" need a loaded unit or systemd
# answers "not loaded" before it asks polkit. A running unit that is not ccsbx's, the matrix's
# fourth target, holds them with After= (a reference, not a start).
for t in ccsbx@.service ccsbx-strict@.service; do
        mkdir -p "/run/systemd/system/$t.d"
        printf '[Unit]\nStartLimitIntervalSec=0\n[Service]\nExecStartPre=\nExecStartPre=+/bin/false\nExecStopPost=\n' \
                >"/run/systemd/system/$t.d/zz-polkit-test.conf"
done
{
        printf '[Unit]\nAfter='
        for u in $users; do printf ' ccsbx@%s:m.service ccsbx-strict@%s:m.service' "$u" "$u"; done
        printf '\n[Service]\nExecStart=/bin/sleep infinity\nStateDirectory=polkit-test-dummy\n'
} >/etc/systemd/system/$dummy
systemctl daemon-reload
systemctl start $dummy

# The outcome of systemctl's output in $got: allow, no (polkit NO), auth (polkit challenge).
# Shell builtins only, here and in cell(): under emulation every process counts.
outcome() { # OUTPUT
        case $1 in
        *"Access denied"*)                       got=no ;;
        *"Interactive authentication required"*) got=auth ;;
        *)                                       got=allow ;;
        esac
}
# Run systemctl as USER; print "STATUS DESCRIPTION" comparing the outcome with WANT.
cell() { # USER WANT LABEL SYSTEMCTL-ARGS...
        local user=$1 want=$2 label=$3 out rc first st=1
        shift 3
        out=$(runuser -u "$user" -- systemctl --no-ask-password "$@" 2>&1)
        rc=$?
        outcome "$out"
        first=${out%%$'\n'*}
        [ "$got" = "$want" ] && [[ $out != *"not loaded"* ]] && st=0
        echo "$st $user ${groups_of[$user]}: $label: $got (want $want; rc $rc${first:+: ${first:0:110}})"
}
tap() { while read -r st desc; do ok "$st" "$desc"; done; }
args_for() { # VERB UNIT: systemctl's arguments in the array $args
        case $1 in
        start | stop | restart) args=(--no-block "$1" "$2") ;;
        set-property)           args=(set-property "$2" CPUQuota=10%) ;;
        bind-mount)             args=(bind "$2" /tmp /mnt) ;; # systemctl's verb for BindMountUnit()
        clean)                  args=(clean --what=state "$2") ;;
        *)                      args=("$1" "$2") ;;
        esac
}
# What the rules should give USER for VERB on a unit of OWNER ("" if not ccsbx's), in $want.
expect() { # USER VERB OWNER
        case $2 in
        enable | mask) want=auth; return ;; # manage-unit-files: not the rules' business
        esac
        [ -z "$3" ] && { want=auth; return; }
        # kill: admins only (it reaches root's control processes of the unit); no to everyone else.
        # start, stop, restart: admins only too (polkit does not see the job mode: users ask
        # ccsbx-control instead).
        case $2 in
        kill | start | stop | restart)
                [ "$1" = dave ] && want=allow || want=no
                return ;;
        esac
        case $lifecycle in
        *" $2 "*) ;;
        *) want=no; return ;;
        esac
        if [ "$1" = dave ] || { [ "${groups_of[$1]}" = ccsbx ] && [ "$1" = "$3" ]; }; then
                want=allow
        else
                want=auth
        fi
}
row() { # USER: every cell of USER, one line each
        local user=$1 other=alice verb target label unit owner want args
        [ "$user" = alice ] && other=bob
        for verb in start stop restart kill reset-failed set-property bind-mount clean enable mask; do
                for target in "own|ccsbx@$user:m.service|$user" "other's|ccsbx@$other:m.service|$other" \
                              "own, profile strict|ccsbx-strict@$user:m.service|$user" "not ccsbx's|$dummy|"; do
                        IFS='|' read -r label unit owner <<<"$target"
                        expect "$user" "$verb" "$owner"
                        args_for "$verb" "$unit"
                        cell "$user" "$want" "$verb $label ($unit)" "${args[@]}"
                done
        done
}

# The four users at once (each user's cells in order), reported in order.
matrix_start=$(uptime_s)
for user in $users; do row "$user" >"/tmp/polkit-row-$user" & done
wait
for user in $users; do tap <"/tmp/polkit-row-$user"; done
echo "# the matrix (160 cells, four users at once) took $(elapsed_since "$matrix_start")s"

# A rule that runs first and logs every question systemd asks about units on alice's behalf, without
# deciding: it shows what systemd 252 really passes (unit name and verb). polkit.log() would not do:
# Debian runs polkitd --no-debug, which sends its stderr to /dev/null; so it hands the line to
# logger(1). Only after the matrix, and for alice only: polkitd runs rules one at a time and waits
# for what they spawn, which under emulation would slow every cell down.
loaded=$(polkit_journal | grep -c "Finished loading, compiling and executing")
cat >/etc/polkit-1/rules.d/00-ccsbx-test-log.rules <<'RULE'
polkit.addRule(function (action, subject) {
        if (action.id.indexOf("org.freedesktop.systemd1.") === 0 && subject.user === "alice")
                polkit.spawn(["/usr/bin/logger", "-t", "ccsbx-test-log", action.id + " user=" + subject.user +
                              " unit=" + action.lookup("unit") + " verb=" + action.lookup("verb")]);
});
RULE
for _ in $(seq 40); do
        [ "$(polkit_journal | grep -c "Finished loading, compiling and executing")" -gt "$loaded" ] && break
        sleep 0.25
done

# Names that try to pass for another unit. None may grant more than the plain name would.
esc=$(systemd-escape --template=ccsbx@.service 'alice:m-n')
tap < <(
# The verbs once more with the logging rule on (what systemd asks polkit, below).
for verb in stop restart kill reset-failed set-property bind-mount clean enable; do
        expect alice "$verb" alice
        args_for "$verb" ccsbx@alice:m.service
        cell alice "$want" "logged: $verb own (ccsbx@alice:m.service)" "${args[@]}"
done
cell alice no "a user name of another case (ccsbx@Alice:m.service)" start --no-block ccsbx@Alice:m.service
cell alice no "no suffix: systemctl appends .service, her own unit (ccsbx@alice:m)" start --no-block ccsbx@alice:m
cell bob no "no suffix, alice's unit (ccsbx@alice:m)" start --no-block ccsbx@alice:m
cell alice no "an escaped ':' (ccsbx@alice\\x3am.service)" start --no-block 'ccsbx@alice\x3am.service'
cell alice no "an escaped user name (ccsbx@\\x61lice:m.service)" start --no-block 'ccsbx@\x61lice:m.service'
cell alice no "a task name that systemd-escape escapes ($esc)" start --no-block "$esc"
cell bob no "bob with alice's name escaped ($esc)" start --no-block "$esc"
cell alice no "a task name with .. (ccsbx@alice:a..b.service)" start --no-block ccsbx@alice:a..b.service
cell alice no "bob's unit with alice's name as the task (ccsbx@bob:alice.service)" start --no-block ccsbx@bob:alice.service
cell alice no "set-property on her own unit without the suffix (ccsbx@alice:m)" set-property ccsbx@alice:m CPUQuota=10%
)
# Without systemctl, a bare name never reaches polkit: systemd refuses it as a unit name.
out=$(runuser -u bob -- busctl --system call org.freedesktop.systemd1 /org/freedesktop/systemd1 \
        org.freedesktop.systemd1.Manager StartUnit ss ccsbx@alice:m replace 2>&1)
grep -q "not valid" <<<"$out"
ok $? "a raw StartUnit(\"ccsbx@alice:m\") is refused as an invalid unit name (${out:0:80})"

# An alias only root can make: judged by the name systemd reports to polkit, never more.
ln -s /run/systemd/generator/ccsbx@.service /etc/systemd/system/sbx@.service
systemctl daemon-reload
tap < <(cell bob no "an alias of alice's unit (sbx@alice:m.service)" start --no-block sbx@alice:m.service)
out=$(runuser -u alice -- systemctl --no-ask-password start --no-block sbx@alice:m.service 2>&1)
outcome "$out"
sleep 1
judged=$(journalctl --no-pager -b -o cat -t ccsbx-test-log | grep "user=alice unit=[^ ]*sbx@alice:m.service verb=start" |
        tail -n 1 | sed 's/.* unit=\([^ ]*\) .*/\1/')
case $judged in
ccsbx@alice:m.service) want=no ;;
*) want=auth ;;
esac
[ "$got" = "$want" ]
ok $? "alice's own unit under an alias (sbx@alice:m.service): polkit judged '${judged:-nothing}': $got (want $want)" ||
        printf '%s\n' "$out" | diag
rm /etc/systemd/system/sbx@.service

# What systemd asked polkit (verbs and unit names), from the logging rule.
# "systemctl clean" first takes a reference on the unit (verb "ref"), which the rules refuse like
# every verb outside the six. CleanUnit itself never reaches polkit for a user: systemd 252's D-Bus
# policy lets unprivileged callers no CleanUnit (nor Freeze, Thaw) at all.
out=$(runuser -u alice -- busctl --system call org.freedesktop.systemd1 /org/freedesktop/systemd1 \
        org.freedesktop.systemd1.Manager CleanUnit sas ccsbx@alice:m.service 1 state 2>&1)
sleep 1
asked=$(journalctl --no-pager -b -o cat -t ccsbx-test-log)
[[ $out == *"Access denied"* ]] && ! grep -q "verb=clean" <<<"$asked"
ok $? "a raw CleanUnit(\"ccsbx@alice:m.service\") is refused by the bus policy before polkit (${out:0:80})"
echo "# systemd 252 asked polkit about these actions: $(grep -o "^org[^ ]*" <<<"$asked" | sort -u | tr '\n' ' ')"
echo "# manage-units with these verbs: $(grep "^org.freedesktop.systemd1.manage-units " <<<"$asked" |
        grep -o "verb=[^ ]*" | sort -u | cut -d= -f2 | tr '\n' ' ')"
missing=
for v in start stop restart kill reset-failed set-property bind-mount ref; do
        grep -q "verb=$v\$" <<<"$asked" || missing="$missing $v"
done
[ -z "$missing" ]
ok $? "polkit was asked about every verb of the matrix but clean, which asks for ref (missing:${missing:- none})"
grep -q "^org.freedesktop.systemd1.manage-unit-files user=alice unit=undefined" <<<"$asked"
ok $? "enable and mask ask for manage-unit-files, which carries no unit name for the rules to match"
grep -q "user=alice unit=ccsbx@alice:m.service verb=start" <<<"$asked" && ! grep -q "unit=ccsbx@alice:m verb" <<<"$asked"
ok $? "a name without suffix reaches polkit as ccsbx@alice:m.service"
grep -qF 'unit=ccsbx@alice\x3am.service verb=start' <<<"$asked"
ok $? "an escaped name reaches polkit as written (ccsbx@alice\\x3am.service), not unescaped"

# --- ccsbx-control: users start and stop their own sandboxes, with job mode "replace" ----------
check "ccsbx-control.socket listens on /run/ccsbx-control, group ccsbx, mode 0660" \
        test "$(stat -c '%F %G %a' /run/ccsbx-control)" = "socket ccsbx 660"
control_since=$(date '+%Y-%m-%d %H:%M:%S')
# The units still fail at once in prepare (the drop-in above): a start that was made ends "failed".
out=$(runuser -u alice -- ccsbx start m 2>&1)
rc=$?
[ $rc = 1 ] && grep -q "^Job for ccsbx@alice:m.service failed (result: failed)" <<<"$out" &&
        [ "$(systemctl show -P InactiveExitTimestampMonotonic ccsbx@alice:m.service)" != 0 ]
ok $? "alice: ccsbx start m starts ccsbx@alice:m.service and says how the job ended (exit $rc)" || printf '%s\n' "$out" | diag
out=$(runuser -u alice -- ccsbx -p strict stop m 2>&1)
ok $? "alice: ccsbx -p strict stop m (exit 0)" || printf '%s\n' "$out" | diag
out=$(runuser -u alice -- ccsbx start ccsbx@bob:m.service 2>&1)
rc=$?
[ $rc = 3 ] && grep -q "is not a unit of alice" <<<"$out"
ok $? "alice: ccsbx start of bob's unit is refused (exit $rc)" || printf '%s\n' "$out" | diag
out=$(runuser -u alice -- ccsbx start getty@tty1.service 2>&1)
[ $? = 2 ] && grep -q "is not a ccsbx unit" <<<"$out"
ok $? "alice: ccsbx start of a unit that is not a sandbox is refused by the client (exit 2)" || printf '%s\n' "$out" | diag
out=$(runuser -u alice -- python3 -c '
import socket
s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
s.connect("/run/ccsbx-control")
s.send(b"start sshd.service")
print(s.recv(512).decode())' 2>&1)
grep -q "^error .*is not a ccsbx sandbox unit" <<<"$out"
ok $? "alice, by hand on the socket: start sshd.service is refused by ccsbx-control" || printf '%s\n' "$out" | diag
out=$(runuser -u carol -- ccsbx start m 2>&1)
rc=$?
[ $rc = 4 ] && grep -q "only members of group ccsbx" <<<"$out"
ok $? "carol (not in group ccsbx) cannot reach the socket (exit $rc)" || printf '%s\n' "$out" | diag
# What polkit cannot see, and why users go through ccsbx-control: a direct StartUnit with job mode
# "flush" would cancel every other queued job on the host.
out=$(runuser -u alice -- busctl --system call org.freedesktop.systemd1 /org/freedesktop/systemd1 \
        org.freedesktop.systemd1.Manager StartUnit ss ccsbx@alice:m.service flush 2>&1)
grep -q "Access denied" <<<"$out"
ok $? "alice: a direct StartUnit(ccsbx@alice:m.service, \"flush\") is denied" || printf '%s\n' "$out" | diag
log=$(journalctl --no-pager -o cat --since "$control_since" -u 'ccsbx-control@*')
grep -q "^alice (uid [0-9]*): start ccsbx@alice:m.service: failed\.$" <<<"$log" &&
        grep -q "^Refused a request of alice (uid [0-9]*): ccsbx@bob:m.service is not a unit of alice" <<<"$log"
ok $? "ccsbx-control logs each request and each refusal" || printf '%s\n' "$log" | diag

echo "# cleaning up after $(elapsed_since "$scenario_start")s"
step() { # DESCRIPTION COMMAND...: bounded, and said when it is not
        local d=$1
        shift
        timeout 60 "$@" >/dev/null 2>&1 || { echo "# cleanup: $d failed or hung"; journalctl -b -n 15 --no-pager -p warning | diag; }
}
rm /etc/polkit-1/rules.d/00-ccsbx-test-log.rules /tmp/polkit-row-*
# Instances only: "ccsbx*" would match the unit that runs these tests (ccsbx-test-payload).
units=$(timeout 60 systemctl list-units --all --plain --no-legend 'ccsbx@*' 'ccsbx-strict@*' 'sbx@*' | awk '{ print $1 }')
# shellcheck disable=SC2086
step "stopping the units" systemctl stop $dummy $units
# shellcheck disable=SC2086
timeout 60 systemctl reset-failed $units 2>/dev/null # those already collected are "not loaded"
rm -r /etc/systemd/system/$dummy /run/systemd/system/ccsbx@.service.d /run/systemd/system/ccsbx-strict@.service.d
step "daemon-reload" systemctl daemon-reload

echo "# scenario took $(elapsed_since "$scenario_start")s"
done_testing
