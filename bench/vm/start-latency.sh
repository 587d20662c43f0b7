#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# shellcheck disable=SC2317 # the run_* functions are called as "run_$v"
# Guest side of bench/start-latency.sh, run as root in the VM with the package installed (fd 3 is
# the channel back to the host; everything goes there). Two measurements, each beside what a user
# would otherwise run, interleaved round by round so that the machine's noise hits all alike:
#   1. start latency: how long until a no-op agent runs, under ccsbx and under systemd-run (with the
#      same sandbox, and without) and runuser;
#   2. the relay: what one stream-json line costs when the launcher turns it into a journal entry,
#      against piping the same lines into systemd-cat, and against /dev/null.
# Settings (from the host, in ./settings): RUNS, RELAY_RUNS, EVENTS.
exec 3>"${CCSBX_RESULTS:-/dev/stdout}"
exec 1>&3 2>&3
set -u
here=$(cd "$(dirname "$0")" && pwd)
RUNS=30 RELAY_RUNS=5 EVENTS=20000
# shellcheck disable=SC1091 # written by the host
[ -f "$here/settings" ] && . "$here/settings"

# Straight to the host (fd 3), also from inside $(…), whose output is otherwise thrown away on failure.
die() { echo "Bail out! start-latency: $*" >&3; exit 1; }

# The package under test, as scenario 00-install puts it in: offline, from the payload.
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$here/ccsbx.deb" >/dev/null 2>&1 ||
        die "installing ccsbx.deb from the payload failed"
usermod -a -G ccsbx alice || die "cannot put alice into group ccsbx"
now() { echo "${EPOCHREALTIME/./}"; } # µs since the epoch, without a fork
ms() { awk -v u="$1" 'BEGIN { printf "%.1f", u / 1000 }'; }
div() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "-"; else printf "%.2f", a / b }'; }
# "median p10 p90" (nearest rank) of the numbers on stdin, one a line.
stats() { sort -n | awk '{ v[NR] = $1 }
        function at(p,  i) { i = int(p * NR + 0.999999); if (i < 1) i = 1; return v[i] }
        END { if (NR == 0) print "- - -"; else print at(0.5), at(0.1), at(0.9) }'; }
# "MEDIAN [P10–P90]" in ms from "median p10 p90" in µs.
fmt() {
        local m lo hi
        read -r m lo hi <<<"$1"
        if [ "$m" = - ]; then echo -; else echo "$(ms "$m") [$(ms "$lo")–$(ms "$hi")]"; fi
}
med() { echo "${1%% *}"; }

# When UNIT last became inactive, in µs since the epoch: PID 1's "Deactivated successfully" entry
# (systemctl show would not do: systemd unloads an inactive unit soon, and forgets when).
inactive_at() { # UNIT NOT-BEFORE
        local i t
        for ((i = 0; i < 50; i++)); do # journald may not have it yet
                t=$(journalctl --no-pager -n 1 -o short-unix UNIT="$1" MESSAGE_ID=7ad2d189f7e94e70a38c781354912448 |
                        awk '{ split($1, t, "."); print t[1] t[2] }')
                [ -n "$t" ] && [ "$t" -ge "$2" ] && { echo "$t"; return 0; }
                sleep 0.1
        done
        unit_failed "$1" "no \"Deactivated successfully\" in the journal"
}
wait_inactive() {
        local i state
        for ((i = 0; i < 1200; i++)); do
                state=$(systemctl show -P ActiveState "$1")
                case $state in inactive | failed) return 0 ;; esac
                sleep 0.2
        done
        die "$1 still $state after 4 minutes"
}
unit_failed() { # UNIT WHY
        {
                echo "# $1 failed ($2); its journal:"
                journalctl -b --no-pager -o short-monotonic -u "$1" | tail -n 40 | sed 's/^/#   /'
        } >&3
        die "$1 did not run the agent; see its journal above"
}

# --- Set-up: the agents, the profiles, alice's tasks -----------------------------------------------

data=/usr/local/share/ccsbx-bench
mkdir -p "$data"
# The no-op agent: stamps when it runs (µs since the epoch) in its working directory, which is the
# workspace under ccsbx, then prints the one result line a successful task ends with. bash's
# $EPOCHREALTIME rather than "date +%s%N": a second fork and exec (~0.3 s under TCG) would land
# between the agent's exec and its stamp.
cat >/usr/local/bin/noop-agent <<'EOF'
#!/bin/bash
echo "${EPOCHREALTIME/./}" >noop.stamp 2>/dev/null
echo '{"type":"result","subtype":"success","is_error":false,"num_turns":0,"result":"ok"}'
EOF
# The chatty agent: prints the file its prompt names as fast as it can. The prompt comes on stdin
# ("-p" with no argument, as ccsbx-launch runs the agent), or as the argument after -p (and "--").
cat >/usr/local/bin/fake-agent <<EOF
#!/bin/sh
f=
while [ \$# -gt 0 ]; do
        if [ "\$1" = -p ]; then shift; [ "\${1-}" = -- ] && shift; f=\${1-}; fi
        [ \$# -gt 0 ] && shift
done
[ -n "\$f" ] || f=\$(cat)
exec cat "$data/\$f"
EOF
chmod 0755 /usr/local/bin/noop-agent /usr/local/bin/fake-agent

# EVENTS lines, each one event for the relay: system/init, then tool_use, tool_result and text in
# turn (each assistant line a new message, so a new turn), then the result.
awk -v n="$EVENTS" 'BEGIN {
        print "{\"type\":\"system\",\"subtype\":\"init\",\"cwd\":\"/workspace\",\"session_id\":\"bench\",\"tools\":[\"Bash\",\"Read\",\"Write\",\"Edit\"],\"model\":\"claude-bench\"}"
        for (i = 1; i < n - 1; i++) {
                if (i % 3 == 1)
                        printf "{\"type\":\"assistant\",\"message\":{\"id\":\"msg_%d\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-bench\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_%d\",\"name\":\"Bash\",\"input\":{\"command\":\"make -C src test TARGET=unit-%d\",\"description\":\"Run the unit tests\"}}]},\"session_id\":\"bench\"}\n", i, i, i
                else if (i % 3 == 2)
                        printf "{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":[{\"tool_use_id\":\"toolu_%d\",\"type\":\"tool_result\",\"content\":\"make: Entering directory src\\n%d tests, 0 failures\\nmake: Leaving directory src\",\"is_error\":false}]},\"session_id\":\"bench\"}\n", i - 1, i
                else
                        printf "{\"type\":\"assistant\",\"message\":{\"id\":\"msg_%d\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-bench\",\"content\":[{\"type\":\"text\",\"text\":\"Step %d: the unit tests pass; next I look at the integration tests in tests/integration.\"}]},\"session_id\":\"bench\"}\n", i, i
        }
        printf "{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,\"num_turns\":%d,\"result\":\"ok\",\"duration_ms\":1000,\"total_cost_usd\":0.5}\n", int((n - 2) * 2 / 3)
}' >"$data/events.jsonl"
# The same agent with only the result line: the fixed cost of a run, subtracted per event below.
tail -n 1 "$data/events.jsonl" >"$data/one.jsonl"
# For a diagnosis: the same number of lines, text only (a tool_use also updates the unit's STATUS=).
awk -v n="$EVENTS" '/"type":"text"/ { t[++k] = $0 } END { for (i = 0; i < n - 1; i++) print t[i % k + 1] }' \
        "$data/events.jsonl" >"$data/text.jsonl"
cat "$data/one.jsonl" >>"$data/text.jsonl"
[ "$(wc -l <"$data/events.jsonl")" = "$EVENTS" ] || die "events.jsonl does not have $EVENTS lines"

cat >/etc/ccsbx/bench.conf <<'EOF'
description = "Benchmark: a no-op agent";
inherit = "default";
agent = { command = ["/usr/local/bin/noop-agent"]; };
# As in the VM tests: no resolver (the VM has none) and loopback only; the agents do not use it.
network = { mode = "ip"; allow = ["127.0.0.1/32"]; resolver = false; };
EOF
sed -e 's/a no-op agent/an agent that prints many events/' -e 's|noop-agent|fake-agent|' \
        /etc/ccsbx/bench.conf >/etc/ccsbx/bench-relay.conf
# (e): the same without the disk quota (limits.disk, on by default): what prepare's walk and
# quotactl() add to (a).
{ cat /etc/ccsbx/bench.conf; echo 'limits = { disk = "infinity"; };'; } >/etc/ccsbx/bench-nodisk.conf
# (f): (a) with the launcher's timing marks (CCSBX_DEBUG): where the time goes, step by step.
# Timed apart from (a), which runs without them.
sed 's/a no-op agent/a no-op agent, with timing marks/' /etc/ccsbx/bench.conf >/etc/ccsbx/bench-debug.conf
mkdir -p /etc/systemd/system/ccsbx-bench-debug@.service.d
printf '[Service]\nEnvironment=CCSBX_DEBUG=1\n' >/etc/systemd/system/ccsbx-bench-debug@.service.d/debug.conf
systemctl daemon-reload
systemctl cat ccsbx-bench@.service >/dev/null 2>&1 || die "ccsbx-bench@.service was not generated: $(/lib/systemd/system-generators/ccsbx-generator --check 2>&1 | head -5)"

ws=/home/alice/bench/ws
runuser -u alice -- mkdir -p "$ws" /home/alice/.config/ccsbx/tasks
printf 'prompt = "noop";\nworkdir = "%s";\n' "$ws" |
        runuser -u alice -- tee /home/alice/.config/ccsbx/tasks/noop.conf >/dev/null

# (b): the generated unit's own [Service] settings, but for what ties it to the launcher (its
# commands, Type=notify, the binds of the run dir): the same sandbox around the same no-op, with
# alice's workspace bound where ccsbx binds it.
props=()
while IFS= read -r line; do
        props+=(-p "$line")
done < <(systemctl cat ccsbx-bench@.service | awk '
        /^\[/ { service = ($0 == "[Service]"); next }
        service && /^[A-Z][A-Za-z]*=/ && !/^(Exec[A-Za-z]*|Type|NotifyAccess)=/ && !/\/run\/ccsbx|%[iI]/')
props+=(-p "BindPaths=$ws:/workspace" -p WorkingDirectory=/workspace -p User=alice)

echo "# Debian $(cat /etc/debian_version), $(systemctl --version | head -n 1), $(dpkg-query -W -f '${Package} ${Version}' ccsbx), $(nproc) vCPUs, kernel $(uname -r)"
echo "# journal: $(ls -d /var/log/journal 2>/dev/null || echo volatile, /run/log/journal)"

# --- 1. Start latency -------------------------------------------------------------------------------

unit=ccsbx-bench@alice:noop.service
stamp() { cat "$ws/noop.stamp" 2>/dev/null; }
# Each prints "agent-running command-returned [finished]" in µs from just before the command.
run_a() {
        local t0 t1 s e unit=${1:-$unit}
        rm -f "$ws/noop.stamp"
        t0=$(now)
        systemctl start "$unit" || unit_failed "$unit" "systemctl start failed"
        t1=$(now)
        wait_inactive "$unit"
        [ "$(systemctl show -P Result "$unit")" = success ] || unit_failed "$unit" "Result=$(systemctl show -P Result "$unit")"
        s=$(stamp) || unit_failed "$unit" "the agent left no stamp"
        e=$(inactive_at "$unit" "$t1") || exit 1
        echo $((s - t0)) $((t1 - t0)) $((e - t0))
}
run_systemd_run() { # PROPERTIES...
        local t0 t1 s
        rm -f "$ws/noop.stamp"
        t0=$(now)
        systemd-run --wait --quiet "$@" /usr/local/bin/noop-agent || die "systemd-run $* failed"
        t1=$(now)
        s=$(stamp) || die "systemd-run $*: the agent left no stamp"
        echo $((s - t0)) $((t1 - t0))
}
run_e() { run_a ccsbx-bench-nodisk@alice:noop.service; }
# (f): one line per mark of the launcher, "µs-since-the-command mark", then "µs agent runs".
run_f() {
        local t0 s u=ccsbx-bench-debug@alice:noop.service
        rm -f "$ws/noop.stamp"
        t0=$(now)
        systemctl start "$u" || unit_failed "$u" "systemctl start failed"
        wait_inactive "$u"
        s=$(stamp) || unit_failed "$u" "the agent left no stamp"
        journalctl --sync
        journalctl --no-pager -o cat -u "$u" --since "@$((t0 / 1000000 - 1))" |
                sed -n 's/^Timing: \(.*\) at \([0-9]*\)$/\2 \1/p' | awk -v t0="$t0" '$1 >= t0 { $1 = $1 - t0; print }'
        echo "$((s - t0)) agent runs"
}
run_b() { run_systemd_run "${props[@]}"; }
# (g): (b) with one more command before the agent, as ccsbx's units have one (prepare, outside the
# sandbox): what systemd itself charges for it, the floor of any design that prepares the task
# in the unit before the sandbox is set up.
run_g() { run_systemd_run "${props[@]}" -p "ExecStartPre=+/bin/true"; }
run_c() { run_systemd_run -p User=alice -p WorkingDirectory="$ws"; }
run_d() {
        local t0 t1 s
        rm -f "$ws/noop.stamp"
        t0=$(now)
        runuser -u alice -- /usr/local/bin/noop-agent >/dev/null || die "runuser failed"
        t1=$(now)
        s=$(stamp) || die "runuser: the agent left no stamp"
        echo $((s - t0)) $((t1 - t0))
}

res=$(mktemp -d)
echo "# 1. start latency: $RUNS runs of each, interleaved, after 2 warm-up rounds"
cd "$ws" || die "no $ws" # (d) runs the agent where the others do
for ((i = -2; i < RUNS; i++)); do
        for v in a e b g c d f; do
                out=$("run_$v") || exit 1
                if [ "$i" -lt 0 ]; then
                        continue
                elif [ "$v" = f ]; then
                        printf '%s\n' "$out" | sed "s/^/$i /" >>"$res/f.runs"
                else
                        echo "$out" >>"$res/$v"
                fi
        done
done
cd /

col() { cut -d' ' -f"$1" "$res/$2" | stats; } # FIELD VARIANT
row() { printf '%-48s %-22s %-22s\n' "$@"; }
echo
echo "Start latency, ms: median [p10–p90] of $RUNS runs, timed from just before the command"
row "" "until the agent runs" "until the command returns"
row "(a) systemctl start $unit" "$(fmt "$(col 1 a)")" "$(fmt "$(col 2 a)")"
row "(e) the same, limits.disk = infinity" "$(fmt "$(col 1 e)")" "$(fmt "$(col 2 e)")"
row "(b) systemd-run --wait, same sandbox ($((${#props[@]} / 2)) -p)" "$(fmt "$(col 1 b)")" "$(fmt "$(col 2 b)")"
row "(g) (b) with ExecStartPre=+/bin/true" "$(fmt "$(col 1 g)")" "$(fmt "$(col 2 g)")"
row "(c) systemd-run --wait -p User=alice" "$(fmt "$(col 1 c)")" "$(fmt "$(col 2 c)")"
row "(d) runuser -u alice --" "$(fmt "$(col 1 d)")" "$(fmt "$(col 2 d)")"
for f in 1 2; do
        a=$(med "$(col $f a)")
        what="until the agent runs:     " && [ $f = 1 ] || what="until the command returns:"
        echo "ratio $what ccsbx/(e) $(div "$a" "$(med "$(col $f e)")")x  ccsbx/(b) $(div "$a" "$(med "$(col $f b)")")x  ccsbx/(g) $(div "$a" "$(med "$(col $f g)")")x  ccsbx/(c) $(div "$a" "$(med "$(col $f c)")")x  ccsbx/(d) $(div "$a" "$(med "$(col $f d)")")x"
done
echo "the floor of a unit with a step before its sandbox: (g)/(b) $(div "$(med "$(col 1 g)")" "$(med "$(col 1 b)")")x until the agent runs"
echo "(a) the unit was inactive again (agent done, cleanup done) after $(fmt "$(col 3 a)") ms"
# READY=1 comes once the agent's exec succeeded: systemctl start returns then, while the no-op's
# own stamp (its shell started, then date ran) may come just before or after.
echo "(a) systemctl start returned $(fmt "$(awk '{ print $2 - $1 }' "$res/a" | stats)") ms after the agent's stamp (negative: before)"
# Where (a)'s time goes: (f)'s marks, in the order they come, each with the median time since the
# command and the median time since the mark before it (per run, then the median).
echo
echo "Where the time goes: (f), (a) with the launcher's timing marks (CCSBX_DEBUG), ms, median of $RUNS runs"
python3 - "$res/f.runs" <<'PY'
import statistics, sys
at = {}  # run -> {mark: µs since the command}
for line in open(sys.argv[1]):
    run, us, name = line.rstrip("\n").split(" ", 2)
    at.setdefault(run, {})[name] = int(us)
marks = {m for r in at.values() for m in r}
med = {m: statistics.median_low([r[m] for r in at.values() if m in r]) for m in marks}
order = sorted(marks, key=lambda m: med[m])
print("%-34s %10s %10s" % ("mark", "since cmd", "step"))
for i, m in enumerate(order):
    steps = [r[m] - (r[order[i - 1]] if i and order[i - 1] in r else 0) for r in at.values() if m in r]
    print("%-34s %10.1f %10.1f" % (m, med[m] / 1000, statistics.median_low(steps) / 1000))
PY
echo "# (b) is systemd-run --wait --quiet with these, then /usr/local/bin/noop-agent:"
printf '%s\n' "${props[@]}" | grep -v '^-p$' | sed 's/^/#   -p /'

# --- 2. The relay: cost per event ---------------------------------------------------------------

entries() { # JOURNALCTL-MATCHES...: how many entries match, one JSON object a line
        journalctl --no-pager -o json --output-fields=MESSAGE_ID "$@" | wc -l
}
# Each prints "µs for the whole run" and checks every event reached the journal (or nowhere). A run
# ends when the command is back and "journalctl --sync" says journald has written all it was sent:
# the entries queued in its sockets are part of the cost.
relay_ccsbx() { # FILE LINES
        # A task of its own for each run: the unit is gone once inactive (systemd collects it), so
        # its name is what finds its entries.
        local task u t0 n
        task=r$(now) u=ccsbx-bench-relay@alice:$task.service
        printf 'prompt = "%s";\nworkdir = "%s";\n' "$1" "$ws" |
                runuser -u alice -- tee "/home/alice/.config/ccsbx/tasks/$task.conf" >/dev/null
        t0=$(now)
        # --wait: back when the unit is inactive again, from systemd's signals (no polling)
        systemctl --wait start "$u" || unit_failed "$u" "Result=$(systemctl show -P Result "$u")"
        journalctl --sync
        echo $(($(now) - t0))
        n=$(entries _SYSTEMD_UNIT="$u" SYSLOG_IDENTIFIER=ccsbx-agent)
        [ "$n" = "$2" ] || echo "# $u: $n journal entries from the relay, expected $2" >&3
        echo "$n" >"$res/count-ccsbx-$2"
        echo "$u" >"$res/unit-ccsbx-$2"
}
relay_cat() { # FILE LINES
        # An identifier of its own for each run: journald may not learn the unit of a process that
        # is gone by the time it reads the stream (the 1-line run), so _SYSTEMD_UNIT= would miss it.
        local id t0 n
        id=bench-agent-$(now)
        t0=$(now)
        systemd-run --wait --quiet -p User=alice "${extra[@]}" \
                /bin/sh -c "/usr/local/bin/fake-agent -p $1 | systemd-cat -t $id" || die "systemd-run systemd-cat failed"
        journalctl --sync
        echo $(($(now) - t0))
        n=$(entries SYSLOG_IDENTIFIER="$id")
        [ "$n" = "$2" ] || echo "# systemd-cat -t $id: $n journal entries, expected $2" >&3
        echo "$n" >"$res/count-cat-$2"
}
relay_null() { # FILE
        local t0
        t0=$(now)
        systemd-run --wait --quiet -p User=alice -p StandardOutput=null /usr/local/bin/fake-agent -p "$1" ||
                die "systemd-run fake-agent failed"
        journalctl --sync # nothing to wait for but the same fixed cost as the others
        echo $(($(now) - t0))
}

echo
echo "# 2. relay: $EVENTS events, $RELAY_RUNS runs of each, interleaved"
# journald's per-unit rate limit (default 10000 messages per 30 s, scaled up with free space) is
# the same for both; first see what it does with defaults, then lift it for the timed runs.
extra=()
relay_ccsbx events.jsonl "$EVENTS" >/dev/null || exit 1
relay_cat events.jsonl "$EVENTS" >/dev/null || exit 1
echo "# with journald's default rate limit, one run each: the relay's entries in the journal:" \
        "$(cat "$res/count-ccsbx-$EVENTS") of $EVENTS, systemd-cat's: $(cat "$res/count-cat-$EVENTS")"
journalctl -b --no-pager -o cat -t systemd-journald --grep Suppressed | tail -n 2 | sed 's/^/#   journald: /'
mkdir -p /etc/systemd/system/ccsbx-bench-relay@.service.d
printf '[Service]\nLogRateLimitIntervalSec=0\n' >/etc/systemd/system/ccsbx-bench-relay@.service.d/ratelimit.conf
systemctl daemon-reload
extra=(-p LogRateLimitIntervalSec=0)

# What the last run of the relay logged, by kind, and what the launcher said about it.
breakdown() {
        local u e
        u=$(cat "$res/unit-ccsbx-$EVENTS")
        {
                printf 'Journal entries of the last ccsbx run (expected %s):' "$EVENTS"
                for e in init tool_use tool_result text result error; do
                        printf ' %s %s' "$e" "$(entries _SYSTEMD_UNIT="$u" CCSBX_EVENT="$e")"
                done
                echo
                journalctl --no-pager -o cat _SYSTEMD_UNIT="$u" SYSLOG_IDENTIFIER=ccsbx-launch |
                        tail -n 2 | sed 's/^/# launcher: /'
        } >"$res/breakdown"
}
# journald's own CPU time (ns), around each run: where the per-event cost lands.
jcpu() { systemctl show -P CPUUsageNSec systemd-journald.service; }
short=0
for ((i = -1; i < RELAY_RUNS; i++)); do
        for v in ccsbx cat null; do
                # The same journal state for each run: a fresh file, older ones gone (not timed).
                journalctl --rotate --vacuum-files=1 >/dev/null 2>&1
                j0=$(jcpu)
                case $v in
                ccsbx) n=$(relay_ccsbx events.jsonl "$EVENTS") && j1=$(jcpu) && breakdown && one=$(relay_ccsbx one.jsonl 1) ;;
                cat) n=$(relay_cat events.jsonl "$EVENTS") && j1=$(jcpu) && one=$(relay_cat one.jsonl 1) ;;
                null) n=$(relay_null events.jsonl) && j1=$(jcpu) && one=$(relay_null one.jsonl) ;;
                esac || exit 1
                [ "$i" -lt 0 ] && continue
                echo $(((j1 - j0) / EVENTS)) >>"$res/j-$v" # ns of journald's CPU per event, whole run
                echo "$n" >>"$res/r-$v-n"
                echo "$one" >>"$res/r-$v-1"
                echo $(((n - one) * 1000 / (EVENTS - 1))) >>"$res/r-$v-ev" # ns per event
                [ "$v" = null ] || [ "$(cat "$res/count-$v-$EVENTS")" = "$EVENTS" ] || short=$((short + 1))
        done
done

evs() { stats <"$res/r-$1-ev" | awk '{ printf "%.1f [%.1f–%.1f]", $1 / 1000, $2 / 1000, $3 / 1000 }'; }
echo
echo "Relay, $EVENTS stream-json lines as fast as the agent can write them: median [p10–p90] of $RELAY_RUNS runs"
printf '%-52s %-24s %-24s %s\n' "" "whole run, ms" "run of 1 line, ms" "µs per event"
printf '%-52s %-24s %-24s %s\n' "ccsbx: the launcher's relay to the journal" "$(fmt "$(stats <"$res/r-ccsbx-n")")" \
        "$(fmt "$(stats <"$res/r-ccsbx-1")")" "$(evs ccsbx)"
printf '%-52s %-24s %-24s %s\n' "systemd-run -p User=alice: agent | systemd-cat" "$(fmt "$(stats <"$res/r-cat-n")")" \
        "$(fmt "$(stats <"$res/r-cat-1")")" "$(evs cat)"
printf '%-52s %-24s %-24s %s\n' "systemd-run -p User=alice: agent >/dev/null" "$(fmt "$(stats <"$res/r-null-n")")" \
        "$(fmt "$(stats <"$res/r-null-1")")" "$(evs null)"
ev_ccsbx=$(med "$(stats <"$res/r-ccsbx-ev")") ev_cat=$(med "$(stats <"$res/r-cat-ev")") ev_null=$(med "$(stats <"$res/r-null-ev")")
# cat(1) into /dev/null costs next to nothing per line: its difference can be noise, even negative.
null_ratio="$(div "$ev_ccsbx" "$ev_null")x" && [ "$ev_null" -gt 0 ] || null_ratio="n/a (/dev/null's cost per event is below the noise)"
echo "µs per event = (whole run − run of 1 line) / $((EVENTS - 1)); ratio ccsbx/systemd-cat $(div "$ev_ccsbx" "$ev_cat")x," \
        "ccsbx/(/dev/null) $null_ratio"
echo "journald's CPU time per event, whole run, median: ccsbx $(($(med "$(stats <"$res/j-ccsbx")") / 1000)) µs," \
        "systemd-cat $(($(med "$(stats <"$res/j-cat")") / 1000)) µs, /dev/null $(($(med "$(stats <"$res/j-null")") / 1000)) µs" \
        "(one datagram of ~10 fields per event against lines read in bulk from a stream)"
cat "$res/breakdown"
# Where the relay's time goes: the same number of lines, but none updates the unit's STATUS=.
n=$(relay_ccsbx text.jsonl "$EVENTS") || exit 1
one=$(med "$(stats <"$res/r-ccsbx-1")")
echo "Diagnosis, one run: $EVENTS text-only lines (no tool_use, so no STATUS= update for PID 1) took $(ms "$n") ms" \
        "with the relay: $(awk -v a="$n" -v b="$one" -v n="$EVENTS" 'BEGIN { printf "%.1f", (a - b) / (n - 1) }') µs per event"
[ "$short" = 0 ] || die "$short timed runs did not log every event (see the lines above)"
exit 0
