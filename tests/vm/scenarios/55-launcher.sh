#!/bin/bash
# What the launcher tells and how it ends a task, with the real Claude Code against the mock API
# (one mock; each task names its own model, and --script-for gives each model its own script):
# the current step as the unit's status while the task runs; refusals that alice can read in
# systemctl status and the journal; systemctl stop in the middle of a tool call; the task's
# timeout; its turn limit; an agent that exits while a process it left holds its stdout. (Three
# tasks of two users at once: 57-concurrent-tasks.)
. "$(dirname "$0")/lib.sh"
here=$(dirname "$0")/../..
scripts=$here/e2e/scripts
port=18081
log=/tmp/mock55.log
dump=/tmp/mock55.dump # every request the mock got, headers and body: what reached the model API
rm -rf "$dump"
mkdir -p "$dump"

# A second profile alice may use, for the same task name under two profiles at once.
cat >/etc/ccsbx/e2e2.conf <<'CONF'
description = "End-to-end test: a second profile";
inherit = "e2e";
CONF
e2e_setup $port alice
mock_start $port $log "$scripts/hello.json" \
        --script-for mock-status="$scripts/status-sleep.json" \
        --script-for mock-stop="$scripts/stop-sleep.json" \
        --script-for mock-timeout="$scripts/timeout-sleep.json" \
        --script-for mock-turns="$scripts/three-turns.json" --dump "$dump"
ok $? "the mock API listens on 127.0.0.1:$port with a script per model" || { done_testing; exit 1; }

# What alice reads of UNIT: systemctl status and her journal of it.
alice_reads() { # UNIT
        runuser -u alice -- systemctl status --no-pager -l -n 30 "$1" 2>&1
        echo "--- journalctl"
        runuser -u alice -- journalctl --no-pager -o cat -u "$1" 2>&1
}

# --- Refusals alice can read ------------------------------------------------------------------
mkdir -p /srv/bobproj
chown bob:bob /srv/bobproj
chmod 0755 /srv/bobproj
unit=ccsbx-e2e@alice:bobws.service
printf 'prompt = "hi";\nworkdir = "/srv/bobproj";\n' | task_file alice bobws
systemctl start "$unit" 2>/dev/null
[ "$(systemctl show -P Result "$unit")" != success ] && [ "$(systemctl show -P ActiveState "$unit")" = failed ]
ok $? "a workspace owned by bob is refused ($unit failed)"
msg=$(alice_reads "$unit")
grep -q 'workdir "/srv/bobproj": not owned by the task.s owner' <<<"${msg%%--- journalctl*}"
ok $? "alice reads why in systemctl status: not owned by the task's owner" || printf '%s\n' "$msg" | diag
grep -q 'workdir "/srv/bobproj": not owned by the task.s owner' <<<"${msg#*--- journalctl}"
ok $? "and in her journal" || printf '%s\n' "$msg" | diag
[ -z "$(ls -A /srv/bobproj)" ] && [ ! -e /run/ccsbx/tasks/alice:bobws ]
ok $? "nothing was written in bob's directory, no layout left behind"

# The agent home swapped for a link to alice's home between prepare and run (by a step of the
# test's, as root, standing in for alice, who owns the directory above it): run binds what the
# link names, so it checks the mount by identity, as it does the workspace.
unit=ccsbx-e2e@alice:swap.service
runuser -u alice -- mkdir -p /home/alice/swapproj
printf 'prompt = "hi";\nworkdir = "/home/alice/swapproj";\n' | task_file alice swap
mkdir -p "/run/systemd/system/$unit.d"
printf '[Service]\nExecStartPre=+/bin/sh -c "mv /var/lib/ccsbx/home/alice/swap /var/lib/ccsbx/home/alice/swap.real && ln -s /home/alice /var/lib/ccsbx/home/alice/swap"\n' \
        >"/run/systemd/system/$unit.d/swap.conf"
systemctl daemon-reload
systemctl start "$unit" 2>/dev/null
[ "$(systemctl show -P ActiveState "$unit")" = failed ]
ok $? "an agent home swapped for a link to alice's home after prepare is refused ($unit failed)"
msg=$(alice_reads "$unit")
grep -q 'not mounted at /home/agent as the directory prepare made for alice (it was replaced after the task was prepared)' <<<"$msg"
ok $? "alice reads why: the agent home was replaced after the task was prepared" || printf '%s\n' "$msg" | diag
rm -rf "/run/systemd/system/$unit.d" /var/lib/ccsbx/home/alice/swap /var/lib/ccsbx/home/alice/swap.real
systemctl daemon-reload
systemctl reset-failed "$unit"

unit=ccsbx-e2e@alice:link.service
runuser -u alice -- mkdir -p /home/alice/linkproj
printf 'prompt = "hi";\nworkdir = "/home/alice/linkproj";\n' | runuser -u alice -- tee /home/alice/elsewhere.conf >/dev/null
runuser -u alice -- ln -sf /home/alice/elsewhere.conf /home/alice/.config/ccsbx/tasks/link.conf
systemctl start "$unit" 2>/dev/null
[ "$(systemctl show -P ActiveState "$unit")" = failed ]
ok $? "a task file that is a symbolic link is refused ($unit failed)"
msg=$(alice_reads "$unit")
grep -q 'link.conf: it or a directory above it is a symbolic link' <<<"${msg%%--- journalctl*}"
ok $? "alice reads why in systemctl status: a symbolic link" || printf '%s\n' "$msg" | diag
grep -q 'link.conf: it or a directory above it is a symbolic link' <<<"${msg#*--- journalctl}"
ok $? "and in her journal" || printf '%s\n' "$msg" | diag

# A prompt_file that an earlier run of the agent made a link to a file of alice's outside the
# sandbox: attack 08-prompt-file-link of the escape suite.

unit=ccsbx-nosuch@alice:x.service
out=$(systemctl start "$unit" 2>&1)
rc=$?
[ $rc != 0 ] && grep -qF "Unit $unit not found." <<<"$out"
ok $? "an unknown profile is no unit: systemctl start says \"Unit $unit not found.\"" || printf 'rc %s: %s\n' "$rc" "$out" | diag
out=$(runuser -u alice -- ccsbx start "$unit" 2>&1)
rc=$?
[ $rc = 3 ] && grep -qF "Unit $unit not found." <<<"$out"
ok $? "alice's own ccsbx start of it is refused with systemd's reason (exit 3)" || printf 'rc %s: %s\n' "$rc" "$out" | diag
printf "alice's ccsbx start said: %s\n" "$out" | diag
out=$(runuser -u alice -- systemctl status --no-pager "$unit" 2>&1)
grep -qF "Unit $unit could not be found." <<<"$out"
ok $? "alice's systemctl status says it could not be found" || printf '%s\n' "$out" | diag

# --- Four agent tasks of alice at once (a slow VM runs them in less time than one after the other)
# status:  its Bash step sleeps 4 s: meanwhile the unit's StatusText says "turn N: Bash" (to
#          alice, and to bob: not the command), and no process of the task has the prompt in its
#          command line (the agent reads it from stdin)
# stop:    its Bash step runs a process tree of two sleeps; systemctl stop it then
# timeout: timeout = "90s" and a Bash step that sleeps 300 s (python: Claude Code blocks long "sleep N; ..." commands) (the timeout counts from the agent's start,
#          which takes several seconds under TCG, and over 40 s seen with the three others starting
#          beside it on a loaded host: 90 s leaves the step room to begin, and the check that it did
#          is required); while its step runs, the same task under profile e2e2 is refused, and
#          leaves the running one's layout alone (its cleanup runs too)
# turns:   max_turns = 1 and a script of three tool calls
ptok=prompt-$SRANDOM$SRANDOM
runuser -u alice -- mkdir -p /home/alice/statusproj
printf 'prompt = "Run the scripted steps. %s";\nworkdir = "/home/alice/statusproj";\nmodel = "mock-status";\nmax_turns = 5;\n' \
        "$ptok" | task_file alice status
new_task alice stop /home/alice/stopproj mock-stop <<<'max_turns = 5;'
new_task alice timeout /home/alice/timeoutproj mock-timeout <<<'timeout = "90s";'
# turns reads its prompt from a prompt_file in its workspace (the other side of the link above).
ftok=file-prompt-$SRANDOM$SRANDOM
runuser -u alice -- mkdir -p /home/alice/turnsproj
echo "Run the scripted steps. $ftok" | runuser -u alice -- tee /home/alice/turnsproj/prompt.md >/dev/null
printf 'prompt_file = "prompt.md";\nworkdir = "/home/alice/turnsproj";\nmodel = "mock-turns";\nmax_turns = 1;\n' |
        task_file alice turns
units=(ccsbx-e2e@alice:status.service ccsbx-e2e@alice:stop.service ccsbx-e2e@alice:timeout.service
       ccsbx-e2e@alice:turns.service)
declare -A state text cg been
id=
seen='' status_out='' bob_status='' bob_cmdlines='' root_cmdlines='' stop_pids='' stop_cg='' stop_job=''
timeout_cg='' timeout_took='' dup_job=''
start=$(uptime_s)
systemctl start --no-block "${units[@]}"
for ((i = 0; i < 4 * 200; i++)); do
        # One systemctl call a round: a block of properties per unit, Id not necessarily first.
        while IFS='=' read -r key value; do
                case $key in
                Id) id=$value ;;
                ActiveState) a=$value ;;
                StatusText) x=$value ;;
                ControlGroup) c=$value ;;
                '') [ -z "$id" ] || state[$id]=$a text[$id]=$x cg[$id]=$c; id='' ;;
                esac
        done < <(systemctl show -p Id,ActiveState,StatusText,ControlGroup "${units[@]}"; echo)
        running=0
        for u in "${units[@]}"; do
                case ${state[$u]:-} in
                inactive) [ -n "${been[$u]:-}" ] || running=$((running + 1)) ;; # not started yet
                failed) ;;
                *) been[$u]=1 running=$((running + 1)) ;;
                esac
        done
        [ $running = 0 ] && break

        t=${text[ccsbx-e2e@alice:status.service]:-}
        grep -qxF -- "$t" <<<"$seen" || seen+="$t"$'\n'
        if [ -z "$status_out" ] && grep -qxE 'turn [0-9]+: Bash' <<<"$t"; then
                u=ccsbx-e2e@alice:status.service
                status_out=$(runuser -u alice -- systemctl status --no-pager "$u" 2>&1)
                bob_status=$(runuser -u bob -- systemctl show -P StatusText "$u" 2>&1)
                # Every process of the task, as bob reads them (no hidepid here) and as root does.
                pids=$(cat "/sys/fs/cgroup${cg[$u]:-/none}/cgroup.procs" 2>/dev/null | tr '\n' ' ')
                bob_cmdlines=$(runuser -u bob -- bash -c 'for p; do tr "\0" " " </proc/$p/cmdline; echo; done 2>/dev/null' _ $pids)
                root_cmdlines=$(for p in $pids; do tr '\0' ' ' <"/proc/$p/cmdline"; echo; done 2>/dev/null)
        fi

        u=ccsbx-e2e@alice:stop.service
        if [ -z "$stop_job" ] && [ -n "${cg[$u]:-}" ]; then
                pids=$(for p in $(cat "/sys/fs/cgroup${cg[$u]:-}/cgroup.procs" 2>/dev/null); do
                        [ "$(cat /proc/"$p"/comm 2>/dev/null)" = sleep ] && echo "$p"; done)
                if [ "$(wc -w <<<"$pids")" -ge 2 ]; then
                        stop_pids=$pids stop_cg=${cg[$u]:-}
                        (t0=$(uptime_s); systemctl stop "$u"; echo "$? $(elapsed_since "$t0")" >/tmp/stop.rc) &
                        stop_job=$!
                fi
        fi

        u=ccsbx-e2e@alice:timeout.service
        [ -z "$timeout_cg" ] && timeout_cg=${cg[$u]:-}
        if [ -z "$dup_job" ] && [ "${state[$u]:-}" = active ] && [[ ${text[$u]:-} == "turn "*": Bash" ]]; then
                (systemctl start ccsbx-e2e2@alice:timeout.service 2>/dev/null; echo $? >/tmp/dup.rc
                 # The first unit's state right after the second one's cleanup ran.
                 { systemctl show -P ActiveState "$u"; cat /run/ccsbx/tasks/alice:timeout/unit; } >/tmp/dup.after 2>&1) &
                dup_job=$!
        fi
        if [ -z "$timeout_took" ] && [ "${state[$u]:-}" = failed ]; then timeout_took=$(elapsed_since "$start"); fi
        sleep 0.25
done
[ -z "$stop_job" ] || wait "$stop_job"
[ -z "$dup_job" ] || wait "$dup_job"
echo "# the four tasks took $(elapsed_since "$start")s; statuses seen: $(printf '%s' "$seen" | tr '\n' '|')"

# status
unit=ccsbx-e2e@alice:status.service
grep -qxE 'turn [0-9]+: Bash' <<<"$seen" && ! grep -q 'sleep' <<<"$seen"
ok $? "while the Bash step ran, StatusText was \"turn N: Bash\", never its command" || printf '%s' "$seen" | diag
grep -qE 'Status: "turn [0-9]+: Bash"' <<<"$status_out"
ok $? "alice's systemctl status showed that step as the unit's Status line" || printf '%s\n' "$status_out" | diag
grep -qxE 'turn [0-9]+: Bash' <<<"$bob_status"
ok $? "bob reads the same StatusText: the turn and the tool only ($bob_status)"
# Earned: bob did read the agent's command line (so the check below looked at something).
grep -qE '(^|/)claude .*-p( |$)' <<<"$bob_cmdlines" && ! grep -qF "$ptok" <<<"$bob_cmdlines$root_cmdlines"
ok $? "no process of the task has the prompt in its command line (bob read $(grep -c . <<<"$bob_cmdlines") of them, the agent's among them)" ||
        printf '%s\n' "$bob_cmdlines" | cut -c1-200 | diag
grep -rlF '"model":"mock-status"' "$dump" | xargs -r grep -lF "$ptok" | grep -q .
ok $? "the agent got the prompt (on its stdin): its requests to the model carry it" ||
        ls "$dump" | head -n 5 | diag
result=$(systemctl show -P Result "$unit")
[ "$result" = success ]
ok $? "the task finished successfully (Result=$result)" || unit_diag "$unit"

# stop
unit=ccsbx-e2e@alice:stop.service
[ -n "$stop_job" ]
ok $? "the agent's Bash step ran its two sleeps in the unit's cgroup ($stop_cg: $(echo $stop_pids))" || unit_diag "$unit"
read -r rc took </tmp/stop.rc 2>/dev/null
[ "${rc:-1}" = 0 ]
ok $? "systemctl stop $unit in the middle of that step (took ${took:-?}s)"
st=$(systemctl show -P ActiveState "$unit")
[ "$st" = inactive ]
ok $? "the unit is inactive after the stop (ActiveState=$st, Result=$(systemctl show -P Result "$unit"))" ||
        unit_diag "$unit"
left=$(for p in $stop_pids; do [ -e /proc/"$p" ] && ps -o pid=,user=,args= -p "$p"; done)
[ -n "$stop_cg" ] && [ -z "$left" ] && [ -z "$(systemctl show -P ControlGroup "$unit")" ] && [ ! -e "/sys/fs/cgroup$stop_cg" ]
ok $? "no process of the task is left (its sleeps are gone, no ControlGroup, its cgroup removed)" ||
        printf '%s\n' "$left" | diag
[ ! -e /run/ccsbx/tasks/alice:stop ]
ok $? "cleanup removed /run/ccsbx/tasks/alice:stop"

# timeout
unit=ccsbx-e2e@alice:timeout.service
st=$(systemctl show -P ActiveState "$unit")
[ "$st" = failed ]
ok $? "a task with timeout = \"90s\" whose Bash step sleeps 300 s fails (ActiveState=$st, after ${timeout_took:-?}s)" ||
        unit_diag "$unit"
msg=$(alice_reads "$unit")
grep -q "Task timeout of alice ran into its timeout (90 s)" <<<"${msg%%--- journalctl*}"
ok $? "alice reads in systemctl status that it ran into its timeout" || printf '%s\n' "$msg" | diag
grep -q "Task timeout of alice ran into its timeout (90 s)" <<<"${msg#*--- journalctl}"
ok $? "and in her journal" || printf '%s\n' "$msg" | diag
grep -q "Bash: python3 -c .import time; time.sleep(300)" <<<"$msg" && [ -n "$timeout_cg" ] && [ ! -e "/sys/fs/cgroup$timeout_cg" ]
ok $? "the timeout came during the Bash step, and nothing of the task is left (${timeout_cg:-no cgroup seen} gone)" ||
        printf '%s\n' "$msg" | tail -n 8 | diag

# The same task under a second profile while the first runs.
unit=ccsbx-e2e2@alice:timeout.service
[ -n "$dup_job" ] && [ "$(cat /tmp/dup.rc 2>/dev/null)" != 0 ] && [ "$(systemctl show -P ActiveState "$unit")" = failed ]
ok $? "ccsbx-e2e2@alice:timeout.service is refused while ccsbx-e2e@alice:timeout.service runs" || unit_diag "$unit"
msg=$(alice_reads "$unit")
grep -qF "Task timeout of alice runs already as ccsbx-e2e@alice:timeout.service; stop it first" <<<"$msg"
ok $? "alice reads why: it runs already under the other profile" || printf '%s\n' "$msg" | diag
[ "$(cat /tmp/dup.after 2>/dev/null)" = $'active\nccsbx-e2e@alice:timeout.service' ]
ok $? "after the refused unit's cleanup the first still runs, its layout in place and its own" ||
        diag </tmp/dup.after
systemctl reset-failed "$unit" 2>/dev/null

# turns
unit=ccsbx-e2e@alice:turns.service
st=$(systemctl show -P ActiveState "$unit")
[ "$st" = failed ]
ok $? "max_turns = 1 with a script of three tool calls: the unit fails (ActiveState=$st)" || unit_diag "$unit"
msg=$(alice_reads "$unit")
grep -q "Task turns reached its turn limit (max_turns)" <<<"${msg%%--- journalctl*}"
ok $? "alice reads in systemctl status that it reached its turn limit" || printf '%s\n' "$msg" | diag
grep -q "Task turns reached its turn limit (max_turns)" <<<"${msg#*--- journalctl}"
ok $? "and in her journal" || printf '%s\n' "$msg" | diag
rmsg=$(journal_values alice MESSAGE _SYSTEMD_UNIT="$unit" CCSBX_EVENT=result)
iserr=$(journal_values alice CCSBX_IS_ERROR _SYSTEMD_UNIT="$unit" CCSBX_EVENT=result)
grep -q '^Result: error_max_turns' <<<"$rmsg" && [ "$iserr" = 1 ]
ok $? "the agent's result entry: error_max_turns, CCSBX_IS_ERROR=1" || printf '%s\n' "$rmsg" "is_error: $iserr" | diag
[ -s /home/alice/turnsproj/turn1.txt ] && [ ! -e /home/alice/turnsproj/turn2.txt ]
ok $? "the first tool call ran, the second never did" || ls -la /home/alice/turnsproj | diag
grep -rlF '"model":"mock-turns"' "$dump" | xargs -r grep -lF "$ftok" | grep -q .
ok $? "a prompt_file (a regular file in the workspace) reaches the agent as its prompt" ||
        ls "$dump" | head -n 5 | diag

# --- The agent's exit ends the task, not EOF on its stdout -------------------------------------
# An agent that leaves a process behind holding its stdout (a server started with "&", say),
# reports success and exits: the task ends then, not at its timeout.
cat >/usr/local/bin/ccsbx-test-holder-agent <<'AGENT'
#!/bin/sh
sleep 300 &
echo '{"type":"result","subtype":"success","is_error":false,"result":"left a sleeper","num_turns":1}'
exit 0
AGENT
chmod 0755 /usr/local/bin/ccsbx-test-holder-agent
cat >/etc/ccsbx/e2e-holder.conf <<'CONF'
description = "Test: an agent that leaves a process holding its stdout";
inherit = "default";
agent = { command = ["/usr/local/bin/ccsbx-test-holder-agent"]; };
CONF
systemctl daemon-reload
unit=ccsbx-e2e-holder@alice:holder.service
runuser -u alice -- mkdir -p /home/alice/holderproj
printf 'prompt = "hi";\nworkdir = "/home/alice/holderproj";\ntimeout = "120s";\n' | task_file alice holder
t0=$(uptime_s)
systemctl start --no-block "$unit"
wait_unit_done "$unit" 60
rc=$?
took=$(elapsed_since "$t0")
res=$(systemctl show -P Result "$unit")
[ $rc = 0 ] && [ "$res" = success ]
ok $? "an agent that exits while a process it left holds its stdout: the task ends (Result=$res, ${took}s, timeout 120 s)" ||
        unit_diag "$unit"
journalctl --no-pager -o cat -u "$unit" | grep -q "Agent finished task holder successfully"
ok $? "and the journal says it finished successfully" || unit_diag "$unit"
[ -z "$(systemctl show -P MainPID "$unit" | grep -v '^0$')" ] && ! pgrep -u alice -f 'sleep 300' >/dev/null
ok $? "the process it left is gone with the unit"
systemctl stop "$unit" 2>/dev/null
rm -f /etc/ccsbx/e2e-holder.conf /usr/local/bin/ccsbx-test-holder-agent

kill $mock 2>/dev/null
wait $mock 2>/dev/null
rm -rf /etc/ccsbx/e2e2.conf "$dump"
e2e_teardown
done_testing
